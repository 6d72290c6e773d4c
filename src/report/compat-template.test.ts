import { describe, expect, it } from 'vitest';
import { fillTemplate, placeholdersOf } from './compat-template.js';

describe('fillTemplate', () => {
  it('fills plain, literal and escaped slots, and names the ones the data lacks', () => {
    const data = { name: 'a', values: ['x', null], text: "it's", none: null };
    expect(fillTemplate('{name} {values:value} {none:value}', { data })).toEqual({ text: "a 'x', null none", missing: [] });
    // GraphQL Inspector's quoting: a backslash before each single quote, an absent text empty.
    expect(fillTemplate("Description '{text:escaped}' to '{none:escaped}'.", { data })).toEqual({ text: "Description 'it\\'s' to ''.", missing: [] });
    expect(fillTemplate('{gone:escaped}.', { data })).toEqual({ text: '{gone:escaped}.', missing: ['gone'] });
    expect(placeholdersOf("'{a:escaped}' {b:value} {c}")).toEqual(['a', 'b', 'c']);
  });
});
