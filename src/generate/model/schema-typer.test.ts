import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../load/index.js';
import { NameRegistry } from './naming.js';
import { SchemaTyper } from './schema-typer.js';

function typer(yaml: string): SchemaTyper {
  const doc = parseYaml('contracts/x.openapi.yaml', yaml).documents[0];
  return new SchemaTyper(doc, new NameRegistry());
}

/** The type text of `#/components/schemas/S` after every reference is declared. */
function typeOf(schemas: string): { types: Record<string, string>; warnings: { code: string; line?: number; construct?: unknown }[] } {
  const t = typer(`openapi: 3.0.3\ninfo: { title: x, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n${schemas}`);
  t.refName('/components/schemas/S');
  t.drain();
  return {
    types: Object.fromEntries(t.types().map((d) => [d.name, d.body])),
    warnings: t.diagnostics.map((d) => ({ code: d.code, line: d.location?.line, construct: d.data?.construct })),
  };
}

describe('SchemaTyper', () => {
  it.each([
    ['string', '    S: { type: string }', 'string'],
    ['integer', '    S: { type: integer }', 'number'],
    ['nullable', '    S: { type: string, nullable: true }', 'string | null'],
    ['3.1 type list', '    S: { type: [string, "null"] }', 'string | null'],
    ['string enum', '    S: { type: string, enum: [a, b] }', '"a" | "b"'],
    ['nullable enum', '    S: { type: string, enum: [a], nullable: true }', '"a" | null'],
    ['const', '    S: { const: 3 }', '3'],
    ['array', '    S: { type: array, items: { type: boolean } }', 'boolean[]'],
    ['array of union', '    S: { type: array, items: { oneOf: [{ type: string }, { type: number }] } }', '(string | number)[]'],
    ['map', '    S: { type: object, additionalProperties: { type: integer } }', 'Record<string, number>'],
    ['empty schema', '    S: {}', 'unknown'],
    ['oneOf', '    S: { oneOf: [{ type: string }, { type: integer }] }', 'string | number'],
    ['anyOf with null', '    S: { anyOf: [{ type: string }, { type: "null" }] }', 'string | null'],
  ])('%s', (_name, schemas, expected) => {
    expect(typeOf(schemas).types.S).toBe(expected);
  });

  it('renders objects with required and optional properties', () => {
    expect(typeOf('    S: { type: object, required: [id], properties: { id: { type: string }, "x-y": { type: number } } }').types.S).toBe('{\n  id: string;\n  "x-y"?: number;\n}');
  });

  it('gives every $ref target one named type, so cycles terminate', () => {
    const { types } = typeOf('    S: { type: object, properties: { next: { $ref: "#/components/schemas/S" }, other: { $ref: "#/components/schemas/T" } } }\n    T: { type: object, properties: { back: { $ref: "#/components/schemas/S" } } }');
    expect(Object.keys(types)).toEqual(['S', 'T']);
    expect(types.S).toContain('next?: S;');
    expect(types.T).toContain('back?: S;');
  });

  it('intersects allOf and keeps nullable references', () => {
    const { types } = typeOf('    S: { allOf: [{ $ref: "#/components/schemas/B" }, { type: object, properties: { a: { $ref: "#/components/schemas/B", nullable: true } } }] }\n    B: { type: string }');
    expect(types.S).toBe('B & {\n  a?: B | null;\n}');
  });

  it.each([
    ['not', '    S: { not: { type: string } }', 6],
    ['if', '    S: { if: { type: string }, then: { minLength: 1 } }', 6],
    ['patternProperties', '    S: { type: object, patternProperties: { "^x": { type: string } } }', 6],
    ['$ref', '    S: { $ref: "other.yaml#/S" }', 6],
  ])("falls back to 'unknown' with a located warning for %s", (construct, schemas, line) => {
    const { types, warnings } = typeOf(schemas);
    expect(types.S).toBe('unknown');
    expect(warnings).toEqual([{ code: 'generate/unsupported-schema', line, construct }]);
  });

  it('collects x-classification per field path and tags the field', () => {
    const t = typer(`openapi: 3.0.3\ninfo: { title: x, version: '1' }\npaths: {}\ncomponents:\n  schemas:\n    User:\n      type: object\n      properties:\n        email: { type: string, x-classification: { sensitivity: confidential, pii: contact } }\n        address:\n          type: object\n          properties:\n            city: { type: string, x-classification: internal }\n        bad: { type: string, x-classification: { sensitivity: secret } }\n`);
    t.refName('/components/schemas/User');
    t.drain();
    expect(t.classification.map((c) => [c.key, c.sensitivity, c.pii])).toEqual([
      ['User.email', 'confidential', 'contact'],
      ['User.address.city', 'internal', null],
    ]);
    expect(t.types()[0].body).toContain('@classification confidential pii=contact');
    expect(t.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([['generate/invalid-classification', 14]]);
  });
});
