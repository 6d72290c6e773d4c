import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse, type DocumentNode } from 'graphql/index.js';
import { describe, expect, it } from 'vitest';
import { sdlLines } from './sdl-lines.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const corpus = path.resolve(root, '../shared/corpus/graphql');

type Position = { line: number; column: number };
type Located = { loc?: { startToken: Position } };
type Named = Located & { name: { value: string } };

/** Every coordinate graphql-js locates, with the position of each of its definitions in document order. */
function astPositions(doc: DocumentNode): Map<string, Position[]> {
  const out = new Map<string, Position[]>();
  const add = (coordinate: string, node: Located) => {
    const at = node.loc!.startToken;
    const list = out.get(coordinate) ?? out.set(coordinate, []).get(coordinate)!;
    list.push({ line: at.line, column: at.column });
  };
  for (const def of doc.definitions) {
    if (!('name' in def) || !def.name) continue;
    const type = def.name.value;
    const isExtension = def.kind.endsWith('Extension');
    if (!isExtension && def.kind !== Kind.DIRECTIVE_DEFINITION) add(type, def);
    if (def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.OBJECT_TYPE_EXTENSION || def.kind === Kind.INTERFACE_TYPE_DEFINITION || def.kind === Kind.INTERFACE_TYPE_EXTENSION || def.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION || def.kind === Kind.INPUT_OBJECT_TYPE_EXTENSION) {
      for (const field of (def.fields ?? []) as readonly (Named & { arguments?: readonly Named[] })[]) {
        add(`${type}.${field.name.value}`, field);
        for (const arg of field.arguments ?? []) add(`${type}.${field.name.value}.${arg.name.value}`, arg);
      }
    }
  }
  return out;
}

/** The coordinates where sdlLines disagrees with graphql-js (expected empty), and how many positions were compared. */
function differencesFromGraphql(text: string): { differences: unknown[]; checked: number } {
  const lines = sdlLines(text);
  const differences: unknown[] = [];
  let checked = 0;
  for (const [coordinate, positions] of astPositions(parse(text))) {
    positions.forEach((p, k) => {
      const at = lines.at(coordinate, k);
      if (at?.line !== p.line || at.column !== p.column) differences.push({ coordinate, k, at, graphql: p });
    });
    if (lines.at(coordinate, positions.length)) differences.push({ coordinate, extra: positions.length });
    checked += positions.length;
  }
  return { differences, checked };
}

describe('sdlLines', () => {
  it('finds every type, field and argument where graphql-js puts it, in every SDL of the corpus', () => {
    const files = readdirSync(corpus, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.graphql'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const { differences, checked } = differencesFromGraphql(readFileSync(path.join(corpus, f), 'utf8'));
      expect({ f, differences }).toEqual({ f, differences: [] });
      expect(checked).toBeGreaterThan(1000);
    }
  });

  it('tells definitions from descriptions, comments, directives and default values', () => {
    const text = [
      '"""',
      'type NotAType { a: Int } and an escaped \\""" quote, field(b: Int)',
      '"""',
      'type Query @key(fields: "id { nested }") {',
      '  # comment: type Commented { c: Int }',
      '  "a field"',
      '  issue("the id" id: ID! = "x", filter: Filter = {state: OPEN, labels: ["a", "b"]}, first: Int = -1.5e3): Issue @deprecated(reason: "use issues(state: OPEN)")',
      '  issues(states: [State!] = [OPEN, CLOSED] after: String): [Issue!]! @cost(weight: "2")',
      '  count: Int',
      '}',
      'scalar Date @specifiedBy(url: "https://example.com/date")',
      'union Result = | Issue | Error',
      'enum State { OPEN "closed ones" CLOSED }',
      'input Filter { state: State = OPEN labels: [String!] = ["x"] nested: Filter = {state: OPEN} }',
      'interface Node implements Entity & Thing { id: ID! }',
      'type Issue implements Node { id: ID! title(format: String = "plain"): String }',
      'extend type Issue { body: String }',
      'extend type Missing @tag',
      'type Error { message: String }',
      'directive @cost(weight: String) on FIELD_DEFINITION',
      'schema { query: Query }',
      'type Query2 { type: Int input(enum: Int): Int }',
    ].join('\n');
    expect(differencesFromGraphql(text)).toMatchObject({ differences: [], checked: 29 });
    const lines = sdlLines(text);
    expect(lines.at('NotAType')).toBeUndefined();
    expect(lines.at('Commented')).toBeUndefined();
    expect(lines.at('Query.issue')).toEqual({ line: 6, column: 3 });
    expect(lines.at('Query.issue.id')).toEqual({ line: 7, column: 9 });
    expect(lines.at('Query.issue.state')).toBeUndefined();
    expect(lines.at('Query.issue.reason')).toBeUndefined();
    expect(lines.at('Query.issues.after')).toEqual({ line: 8, column: 44 });
    expect(lines.at('Query.OPEN')).toBeUndefined();
    expect(lines.at('Filter.OPEN')).toBeUndefined();
    expect(lines.at('Issue.body')).toEqual({ line: 17, column: 21 });
    expect(lines.at('Missing')).toBeUndefined();
    expect(lines.at('Query2.type')).toEqual({ line: 22, column: 15 });
    expect(lines.at('Query2.input.enum')).toEqual({ line: 22, column: 31 });
  });

  it('counts lines as graphql-js does when they end in \\r\\n or a lone \\r', () => {
    const text = ['"""', 'described', '"""', 'type Query {', '  # a comment', '  a(x: Int): Int', '  "b"', '  b: String', '}', 'type T { c: Int }', ''];
    for (const end of ['\r\n', '\r']) {
      const variant = text.join(end);
      expect(differencesFromGraphql(variant)).toEqual({ differences: [], checked: 6 });
      expect(sdlLines(variant).at('T.c')).toEqual({ line: 10, column: 10 });
    }
  });

  it('keeps each occurrence of a coordinate defined more than once', () => {
    const text = 'type A {\n  x: Int\n  x: String\n}\ntype A {\n  y: Int\n}\n';
    const lines = sdlLines(text);
    expect([lines.at('A.x', 0), lines.at('A.x', 1), lines.at('A.x', 2)]).toEqual([{ line: 2, column: 3 }, { line: 3, column: 3 }, undefined]);
    expect([lines.at('A', 0), lines.at('A', 1)]).toEqual([{ line: 1, column: 1 }, { line: 5, column: 1 }]);
  });
});
