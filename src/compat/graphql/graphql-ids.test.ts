import { ChangeType } from '@graphql-inspector/core';
import { describe, expect, it } from 'vitest';
import { GRAPHQL_CHANGE_TYPES } from './graphql-ids.js';

describe('GRAPHQL_CHANGE_TYPES', () => {
  it('is the installed GraphQL Inspector\'s ChangeType, in its order', () => {
    expect(GRAPHQL_CHANGE_TYPES).toEqual(Object.values(ChangeType));
  });
});
