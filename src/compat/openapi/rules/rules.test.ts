import { describe, expect, it } from 'vitest';
import type { ParsedDocument } from '../../../core/document.js';
import type { Level } from '../../change.js';
import { diffOpenApi } from '../diff-openapi.js';
import { loadOpenApi } from '../../../contract/openapi/load-openapi.js';

type Json = Record<string, unknown>;

function doc(file: string, value: Json): ParsedDocument {
  return { file, index: 0, value, locate: () => ({ line: 1, column: 1 }) };
}

function spec3(schemas: Json, op: Json = {}): Json {
  return {
    openapi: '3.0.3',
    info: { title: 't', version: '1' },
    paths: {
      '/items/{id}': {
        post: {
          operationId: 'postItem',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/In' } } } },
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Out' } } } } },
          ...op,
        },
      },
    },
    components: { schemas },
  };
}

function diff(base: Json, head: Json, now = '2026-11-01') {
  const b = loadOpenApi(doc('base.yaml', base));
  const h = loadOpenApi(doc('head.yaml', head));
  expect(b.diagnostics).toEqual([]);
  expect(h.diagnostics).toEqual([]);
  return diffOpenApi(b.value!, h.value!, { now: new Date(now) }).map((c) => [c.id, c.level] as [string, Level]);
}

const IN = { type: 'object', properties: { kind: { type: 'string', enum: ['a', 'b'] }, name: { type: 'string', maxLength: 10 }, id: { type: 'string', readOnly: true } } };
const OUT = { type: 'object', required: ['id'], properties: { id: { type: 'string' }, state: { type: 'string', enum: ['open', 'closed'] }, next: { $ref: '#/components/schemas/Out' } } };
const with_ = (base: Json, path: (string | number)[], value: unknown): Json => {
  const copy = structuredClone(base);
  let node = copy as Json;
  for (const k of path.slice(0, -1)) node = node[k as string] as Json;
  if (value === undefined) delete node[path[path.length - 1] as string];
  else node[path[path.length - 1] as string] = value;
  return copy;
};

const BASE = spec3({ In: IN, Out: OUT });

describe('OpenAPI rules', () => {
  it.each<[string, Json, [string, Level][]]>([
    ['request enum value removed', with_(BASE, ['components', 'schemas', 'In', 'properties', 'kind', 'enum'], ['a']), [['request-property-enum-value-removed', 'breaking']]],
    ['request enum value added', with_(BASE, ['components', 'schemas', 'In', 'properties', 'kind', 'enum'], ['a', 'b', 'c']), [['request-property-enum-value-added', 'info']]],
    ['response enum value added', with_(BASE, ['components', 'schemas', 'Out', 'properties', 'state', 'enum'], ['open', 'closed', 'merged']), [['response-property-enum-value-added', 'warning']]],
    ['response enum value removed', with_(BASE, ['components', 'schemas', 'Out', 'properties', 'state', 'enum'], ['open']), [['response-property-enum-value-removed', 'info']]],
    ['request maxLength decreased', with_(BASE, ['components', 'schemas', 'In', 'properties', 'name', 'maxLength'], 5), [['request-property-max-length-decreased', 'breaking']]],
    ['response property became nullable', with_(BASE, ['components', 'schemas', 'Out', 'properties', 'id', 'nullable'], true), [['response-property-became-nullable', 'breaking']]],
    ['required response property removed', with_(with_(BASE, ['components', 'schemas', 'Out', 'properties', 'id'], undefined), ['components', 'schemas', 'Out', 'required'], []), [['response-required-property-removed', 'breaking']]],
    ['readOnly property made required in a request', with_(BASE, ['components', 'schemas', 'In', 'required'], ['id']), []],
    ['path parameter renamed', with_(with_(BASE, ['paths'], { '/items/{itemId}': (BASE.paths as Json)['/items/{id}'] }), ['paths', '/items/{itemId}', 'post', 'parameters'], [{ name: 'itemId', in: 'path', required: true, schema: { type: 'string' } }]), []],
    ['new required query parameter', with_(BASE, ['paths', '/items/{id}', 'post', 'parameters', 1], { name: 'q', in: 'query', required: true, schema: { type: 'string' } }), [['new-required-request-parameter', 'breaking']]],
    ['change deep in a circular schema', with_(BASE, ['components', 'schemas', 'Out', 'properties', 'state', 'type'], 'integer'), [['response-property-type-changed', 'breaking']]],
    ['status folded into its range', with_(BASE, ['paths', '/items/{id}', 'post', 'responses'], { '2XX': ((BASE.paths as Json)['/items/{id}'] as Json as { post: { responses: Json } }).post.responses['200'] }), []],
    ['operation added', with_(BASE, ['paths', '/items/{id}', 'get'], { responses: { '200': { description: 'ok' } } }), [['endpoint-added', 'info']]],
  ])('%s', (_name, head, expected) => {
    expect(diff(BASE, head).sort()).toEqual(expected.sort());
  });

  it('judges removal of a deprecated operation by its sunset and the injected now', () => {
    const base = with_(BASE, ['paths', '/items/{id}', 'post'], { ...(BASE.paths as Json)['/items/{id}'] as Json, ...((BASE.paths as Json)['/items/{id}'] as Json).post as Json, deprecated: true, 'x-sunset': '2026-09-01' });
    const head = with_(BASE, ['paths', '/items/{id}', 'post'], undefined);
    expect(diff(base, head, '2026-08-31')).toEqual([['api-path-removed-before-sunset', 'breaking']]);
    expect(diff(base, head, '2026-09-01')).toEqual([['api-path-removed-with-deprecation', 'info']]);
  });

  it('reports changes of draft operations as info', () => {
    const base = with_(BASE, ['paths', '/items/{id}', 'post', 'x-stability-level'], 'draft');
    const head = with_(with_(base, ['components', 'schemas', 'Out', 'properties', 'id'], undefined), ['components', 'schemas', 'Out', 'required'], []);
    expect(diff(base, head)).toEqual([['response-required-property-removed', 'info']]);
  });

  it('normalizes Swagger 2.0 so an equivalent 3.0 description has no changes', () => {
    const swagger: Json = {
      swagger: '2.0',
      info: { title: 't', version: '1' },
      paths: {
        '/items/{id}': {
          post: {
            operationId: 'postItem',
            consumes: ['application/json'],
            produces: ['application/json'],
            parameters: [
              { name: 'id', in: 'path', required: true, type: 'string' },
              { name: 'body', in: 'body', schema: { $ref: '#/definitions/In' } },
            ],
            responses: { '200': { description: 'ok', schema: { $ref: '#/definitions/Out' } } },
          },
        },
      },
      definitions: { In: IN, Out: { ...OUT, properties: { ...OUT.properties, next: { $ref: '#/definitions/Out' } } } },
    };
    expect(diff(swagger, BASE)).toEqual([]);
  });

  it('pairs oneOf alternatives that share a title one to one (identical content has no changes)', () => {
    // OpenAI's CreateEmbeddingRequest.input: three alternatives titled "array" beside a string.
    const input = {
      oneOf: [
        { type: 'string', title: 'string' },
        { type: 'array', title: 'array', minItems: 1, items: { type: 'string', default: '' } },
        { type: 'array', title: 'array', minItems: 1, items: { type: 'integer' } },
        { type: 'array', title: 'array', minItems: 1, items: { type: 'array', minItems: 1, items: { type: 'integer' } } },
      ],
    };
    const base = with_(BASE, ['components', 'schemas', 'In', 'properties', 'input'], input);
    expect(diff(base, structuredClone(base))).toEqual([]);
    const head = with_(base, ['components', 'schemas', 'In', 'properties', 'input', 'oneOf', 2, 'items', 'type'], 'boolean');
    const b = loadOpenApi(doc('base.yaml', base)).value!;
    const h = loadOpenApi(doc('head.yaml', head)).value!;
    const changes = diffOpenApi(b, h, { now: new Date('2026-11-01') });
    expect(changes.map((c) => [c.id, c.base?.pointer, c.head?.pointer])).toEqual([
      ['request-property-type-changed', '/components/schemas/In/properties/input/oneOf/2/items/type', '/components/schemas/In/properties/input/oneOf/2/items/type'],
    ]);
  });

  it('follows a long chain of references in linear time and shortens the shown path', () => {
    const chain = (last: string): Json => {
      const schemas: Json = { In: IN };
      for (let i = 0; i < 3000; i++) schemas[i === 0 ? 'Out' : `S${i}`] = { type: 'object', properties: { next: { $ref: `#/components/schemas/S${i + 1}` } } };
      schemas.S3000 = { type: last };
      return spec3(schemas);
    };
    const b = loadOpenApi(doc('base.yaml', chain('string'))).value!;
    const h = loadOpenApi(doc('head.yaml', chain('integer'))).value!;
    const changes = diffOpenApi(b, h, { now: new Date('2026-11-01') });
    expect(changes.map((c) => [c.id, c.head?.pointer])).toEqual([['response-property-type-changed', '/components/schemas/S3000/type']]);
    expect(changes[0].data?.place).toMatchObject({ property: expect.stringMatching(/^….next.next/) as unknown });
  });
});
