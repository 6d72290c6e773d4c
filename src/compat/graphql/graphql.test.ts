import { describe, expect, it } from 'vitest';
import { diffGraphql } from './diff-graphql.js';
import { loadSdl } from '../../contract/graphql/load-sdl.js';
import { validateOperationDocument } from './validate-operations.js';

const BASE = `type Query {\n  issue(id: ID!): Issue\n}\n\ntype Issue {\n  id: ID!\n  title: String\n  body: String\n}\n`;
const HEAD = `type Query {\n  issue(id: ID!): Issue\n}\n\ntype Issue {\n  id: ID!\n  title: String\n  title: String\n  state: String\n}\n`;

describe('GraphQL compat', () => {
  it('warns at a field defined twice and still builds the schema', () => {
    const r = loadSdl('head.graphql', HEAD);
    expect(r.value).toBeDefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', code: 'graphql-duplicate-field', location: { file: 'head.graphql', line: 8, column: 3 } })]);
  });

  it('maps GraphQL Inspector changes to ids, levels, coordinates and lines', async () => {
    const changes = await diffGraphql({ file: 'base.graphql', schema: loadSdl('base.graphql', BASE).value! }, { file: 'head.graphql', schema: loadSdl('head.graphql', HEAD).value! });
    const removed = changes.find((c) => c.id === 'field-removed');
    expect(removed).toMatchObject({ level: 'breaking', path: 'Issue.body', base: { file: 'base.graphql', pointer: 'Issue.body', line: 8 } });
    expect(removed?.head).toBeUndefined();
    expect(changes.find((c) => c.id === 'field-added')).toMatchObject({ level: 'info', path: 'Issue.state', head: { line: 9 } });
  });

  it('locates operation documents that no longer validate', () => {
    const schema = loadSdl('head.graphql', HEAD).value!;
    expect(validateOperationDocument('op.graphql', 'query { issue(id: "1") { id title } }', schema)).toEqual([]);
    const problems = validateOperationDocument('op.graphql', 'query {\n  issue(id: "1") {\n    body\n  }\n}', schema);
    expect(problems).toEqual([expect.objectContaining({ code: 'graphql-operation-invalid', location: { file: 'op.graphql', line: 3, column: 5 } })]);
  });
});

describe('usedCoordinates', () => {
  it('collects the types, fields and arguments an operation touches', async () => {
    const { usedCoordinates } = await import('./used-coordinates.js');
    const schema = loadSdl('base.graphql', BASE).value!;
    const used = usedCoordinates(schema, ['query { issue(id: "1") { title } }', 'not graphql {']);
    expect([...used].sort()).toEqual(['Issue', 'Issue.title', 'Query', 'Query.issue', 'Query.issue.id', 'String']);
  });
});
