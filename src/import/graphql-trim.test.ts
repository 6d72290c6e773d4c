import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { trimGraphql } from './graphql-trim.js';

describe('trimGraphql reads the upstream schema through the contract model', () => {
  it('keeps the first of two definitions of a type, as compat, policy and generate do, so what it reaches stays in the trimmed SDL', () => {
    // Published SDL sometimes defines a type twice; the contract model keeps the first definition.
    const sdl = [
      'type Query { issue(id: ID!): Issue team: Team }',
      'type Issue { id: ID! assignee: User }',
      'type User { id: ID! name: String }',
      'type Team { id: ID! }',
      'type Issue { id: ID! }',
      '',
    ].join('\n');
    const trimmed = trimGraphql(sdl, ['issue']);
    if (!trimmed.ok) throw new Error('expected a trimmed schema');
    expect(trimmed.fields).toEqual(['Query.issue']);
    expect(trimmed.sdl).toContain('type User');
    expect(trimmed.sdl).not.toContain('type Team');
    // Kept as written (both definitions); the first one's references all resolve.
    const firstWins = trimmed.sdl.replace(/type Issue \{\s*id: ID!\s*\}\s*$/, '');
    expect(() => buildSchema(firstWins)).not.toThrow();
  });

  it('refuses text that is not SDL with the located reason', () => {
    expect(() => trimGraphql('type Query {', ['issue'])).toThrow(/^Syntax error: .* \(line 1\)$/);
  });
});
