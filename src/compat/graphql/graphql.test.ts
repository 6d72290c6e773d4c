import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffGraphql } from './diff-graphql.js';
import { loadSdl, loadSdlForDiff } from '../../contract/graphql/load-sdl.js';
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

  it('reads a schema without node locations to the same changes, lines and warnings (GitHub 2024 → 2025, which repeats fields)', async () => {
    const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../shared/corpus/graphql/github');
    const [b, h] = ['2024-01-31-6574eec9.graphql', '2025-02-27-597478f9.graphql'].map((f) => ({ file: f, text: readFileSync(path.join(corpus, f), 'utf8') }));
    const withLocations = [loadSdl(b.file, b.text), loadSdl(h.file, h.text)];
    const fromText = [loadSdlForDiff(b.file, b.text), loadSdlForDiff(h.file, h.text)];
    expect(fromText.map((r) => r.diagnostics)).toEqual(withLocations.map((r) => r.diagnostics));
    expect(fromText[1].diagnostics.filter((d) => d.code === 'graphql-duplicate-field').length).toBeGreaterThan(0);
    const expected = await diffGraphql({ file: b.file, schema: withLocations[0].value! }, { file: h.file, schema: withLocations[1].value! });
    const actual = await diffGraphql({ file: b.file, ...fromText[0].value! }, { file: h.file, ...fromText[1].value! });
    expect(actual.length).toBeGreaterThan(1000);
    expect(actual.filter((c) => c.head?.line ?? c.base?.line).length).toBe(actual.length);
    expect(actual).toEqual(expected);
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
