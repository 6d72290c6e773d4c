import { describe, expect, it } from 'vitest';
import type { ParsedDocument } from '../../../core/document.js';
import { diffOpenApi } from '../diff-openapi.js';
import { loadOpenApi } from '../../../contract/openapi/load-openapi.js';

type Json = Record<string, unknown>;

function doc(file: string, value: Json): ParsedDocument {
  return { file, index: 0, value, locate: () => ({ line: 1, column: 1 }) };
}

/** One GET /things operation; `op` is merged into it, `param` is its one query parameter. */
function spec(op: Json = {}, param: Json = { name: 'q', in: 'query', schema: { type: 'string' } }, body?: Json): Json {
  return {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: {
      '/things': {
        post: {
          operationId: 'things',
          parameters: [param],
          ...(body ? { requestBody: { content: body } } : {}),
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { a: { type: 'string' } } } } } } },
          ...op,
        },
      },
    },
  };
}

function diff(base: Json, head: Json): [string, string][] {
  const b = loadOpenApi(doc('base.yaml', base));
  const h = loadOpenApi(doc('head.yaml', head));
  return diffOpenApi(b.value!, h.value!, { now: new Date('2026-11-01') }).map((c) => [c.id, c.level]);
}

describe('stability levels (unspecified is stable; draft and alpha promise nothing)', () => {
  it('lowering an unspecified level to beta is api-stability-decreased', () => {
    expect(diff(spec(), spec({ 'x-stability-level': 'beta' }))).toEqual([['api-stability-decreased', 'breaking']]);
  });
  it('writing the implicit level out (stable) is no change', () => {
    expect(diff(spec(), spec({ 'x-stability-level': 'stable' }))).toEqual([]);
  });
  it('raising alpha to beta is info', () => {
    expect(diff(spec({ 'x-stability-level': 'alpha' }), spec({ 'x-stability-level': 'beta' }))).toEqual([['api-stability-increased', 'info']]);
  });
  it('a change to an operation that is draft in the head is info; the decrease itself is breaking', () => {
    const changes = diff(spec(), spec({ 'x-stability-level': 'draft', parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string' } }] }));
    expect(changes).toContainEqual(['api-stability-decreased', 'breaking']);
    expect(changes).toContainEqual(['request-parameter-became-required', 'info']);
  });
  it('deprecating a beta operation without a sunset is info; a stable one is breaking', () => {
    expect(diff(spec({ 'x-stability-level': 'beta' }), spec({ 'x-stability-level': 'beta', deprecated: true }))).toEqual([['endpoint-deprecated', 'info']]);
    expect(diff(spec(), spec({ deprecated: true }))).toEqual([['api-deprecated-sunset-missing', 'breaking']]);
  });
  it("a property's x-stability-level going down is breaking, going up is info", () => {
    const withProp = (level?: string) => spec({ responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { a: { type: 'string', ...(level ? { 'x-stability-level': level } : {}) } } } } } } } });
    expect(diff(withProp(), withProp('alpha'))).toEqual([['response-property-stability-decreased', 'breaking']]);
    expect(diff(withProp('alpha'), withProp('beta'))).toEqual([['response-property-stability-increased', 'info']]);
  });
  it("a property's x-stability-level that is not a level is api-invalid-stability-level (breaking)", () => {
    const withProp = (level: unknown) => spec({ responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { a: { type: 'string', 'x-stability-level': level } } } } } } } });
    expect(diff(withProp('beta'), withProp(1))).toEqual([['api-invalid-stability-level', 'breaking']]);
  });
});

describe('parameter deprecation', () => {
  const deprecated = (extra: Json = {}) => ({ name: 'q', in: 'query', schema: { type: 'string' }, deprecated: true, ...extra });
  it('a parameter of a stable operation deprecated without a sunset is breaking', () => {
    expect(diff(spec(), spec({}, deprecated()))).toEqual([['request-parameter-deprecated-sunset-missing', 'breaking']]);
  });
  it('with a sunset date it is info', () => {
    expect(diff(spec(), spec({}, deprecated({ 'x-sunset': '2027-06-01' })))).toEqual([['request-parameter-deprecated', 'info']]);
  });
  it('on a beta operation it is info', () => {
    expect(diff(spec({ 'x-stability-level': 'beta' }), spec({ 'x-stability-level': 'beta' }, deprecated()))).toEqual([['request-parameter-deprecated', 'info']]);
  });
});

describe('sunset dates moved earlier (oasdiff: breaking only when the new date has passed)', () => {
  const param = (sunset: string) => spec({}, { name: 'q', in: 'query', schema: { type: 'string' }, deprecated: true, 'x-sunset': sunset });
  const op = (sunset: string) => spec({ deprecated: true, 'x-sunset': sunset });
  it("a parameter's sunset moved to a past date is breaking", () => {
    expect(diff(param('2030-01-01'), param('2026-01-01'))).toEqual([['request-parameter-sunset-date-changed-too-small', 'breaking']]);
  });
  it("a parameter's sunset moved earlier but still ahead, or later, is info", () => {
    expect(diff(param('2030-01-01'), param('2028-01-01'))).toEqual([['request-parameter-sunset-changed', 'info']]);
    expect(diff(param('2028-01-01'), param('2030-01-01'))).toEqual([['request-parameter-sunset-changed', 'info']]);
  });
  it("an operation's sunset moved to a past date is breaking; earlier but still ahead is info", () => {
    expect(diff(op('2030-01-01'), op('2026-01-01'))).toEqual([['api-sunset-date-changed-too-small', 'breaking']]);
    expect(diff(op('2030-01-01'), op('2028-01-01'))).toEqual([['api-sunset-date-changed', 'info']]);
  });
  it('a sunset moved to today is not yet past', () => {
    expect(diff(op('2030-01-01'), op('2026-11-01'))).toEqual([['api-sunset-date-changed', 'info']]);
  });
});

describe('object parameter properties (text or JSON serialization unknown: judged both ways)', () => {
  const filter = (type: string) => spec({}, { name: 'filter', in: 'query', style: 'deepObject', schema: { type: 'object', properties: { id: { type } } } });
  it('string → number breaks either way: specialized, breaking', () => {
    expect(diff(filter('string'), filter('number'))).toEqual([['request-parameter-property-type-specialized', 'breaking']]);
  });
  it('number → string is fine as text, not as JSON: changed, warning', () => {
    expect(diff(filter('number'), filter('string'))).toEqual([['request-parameter-property-type-changed', 'warning']]);
  });
  it('integer → number is fine either way: generalized, info', () => {
    expect(diff(filter('integer'), filter('number'))).toEqual([['request-parameter-property-type-generalized', 'info']]);
  });
});

describe('request parameter types (parameter values travel as text)', () => {
  const q = (schema: Json, extra: Json = {}) => spec({}, { name: 'q', in: 'query', schema, ...extra });
  it('integer → string is generalized', () => {
    expect(diff(q({ type: 'integer' }), q({ type: 'string' }))).toEqual([['request-parameter-type-generalized', 'info']]);
  });
  it('string → integer is breaking', () => {
    expect(diff(q({ type: 'string' }), q({ type: 'integer' }))).toEqual([['request-parameter-type-changed', 'breaking']]);
  });
  it('a scalar → an array of it, sent form/explode, is generalized', () => {
    expect(diff(q({ type: 'integer' }), q({ type: 'array', items: { type: 'integer' } }))).toEqual([['request-parameter-type-generalized', 'info']]);
  });
  it('the same change serialized without explode is breaking', () => {
    expect(diff(q({ type: 'integer' }, { explode: false }), q({ type: 'array', items: { type: 'integer' } }, { explode: false }))).toEqual([['request-parameter-type-changed', 'breaking']]);
  });
  it('an array whose items add a constraint is breaking', () => {
    expect(diff(q({ type: 'string' }), q({ type: 'array', items: { type: 'string', pattern: '^[a-z]+$' } }))).toEqual([['request-parameter-type-changed', 'breaking']]);
  });
  it('changing style or explode is a warning', () => {
    expect(diff(q({ type: 'array', items: { type: 'string' } }), q({ type: 'array', items: { type: 'string' } }, { style: 'pipeDelimited' }))).toEqual([['request-parameter-serialization-changed', 'warning']]);
  });
});

describe('bodies that are not JSON carry values as text', () => {
  const xml = (schema: Json) => spec({}, undefined, { 'application/xml': { schema } });
  const json = (schema: Json) => spec({}, undefined, { 'application/json': { schema } });
  it('an XML request body whose type became string is compatible', () => {
    expect(diff(xml({ type: 'object' }), xml({ type: 'string' }))).toEqual([['request-body-type-compatible', 'info']]);
  });
  it('the same change in JSON is breaking', () => {
    expect(diff(json({ type: 'object' }), json({ type: 'string' }))).toEqual([['request-body-type-changed', 'breaking']]);
  });
});

describe('const', () => {
  const body = (schema: Json) => spec({}, undefined, { 'application/json': { schema } });
  it('adding a const to a request restricts it (breaking); removing it is info', () => {
    expect(diff(body({ type: 'string' }), body({ type: 'string', const: 'v1' }))).toEqual([['request-body-const-added', 'breaking']]);
    expect(diff(body({ type: 'string', const: 'v1' }), body({ type: 'string' }))).toEqual([['request-body-const-removed', 'info']]);
  });
});

describe('compatibility modes', () => {
  const load = (v: Json) => loadOpenApi(doc('x.yaml', v)).value!;
  const optionalAdded = spec({}, { name: 'q', in: 'query', required: true, schema: { type: 'string' } });
  it('backward: a new required parameter breaks old clients', async () => {
    const { diffOpenApiInMode } = await import('../compat-mode.js');
    expect(diffOpenApiInMode(load(spec({}, { name: 'q', in: 'query', schema: { type: 'string' } })), load(optionalAdded), 'backward', { now: new Date('2026-11-01') }).map((c) => c.id)).toEqual(['request-parameter-became-required']);
  });
  it('forward: a parameter that became optional breaks new clients served by the old version', async () => {
    const { diffOpenApiInMode } = await import('../compat-mode.js');
    const changes = diffOpenApiInMode(load(optionalAdded), load(spec({}, { name: 'q', in: 'query', schema: { type: 'string' } })), 'forward', { now: new Date('2026-11-01') });
    expect(changes.map((c) => [c.id, c.level, c.data?.compatibility])).toEqual([['request-parameter-became-required', 'breaking', 'forward']]);
    expect(changes[0].base?.file).toBe('x.yaml');
  });
  it('full: both directions', async () => {
    const { diffOpenApiInMode } = await import('../compat-mode.js');
    const changes = diffOpenApiInMode(load(optionalAdded), load(spec({}, { name: 'q', in: 'query', schema: { type: 'string' } })), 'full', { now: new Date('2026-11-01') });
    expect(changes.map((c) => [c.id, c.level])).toEqual([
      ['request-parameter-became-required', 'breaking'],
      ['request-parameter-became-optional', 'info'],
    ]);
  });
});

describe('allOf/anyOf/oneOf alternatives are paired as oasdiff pairs them', () => {
  const body = (role: Json, components: Json = {}) => ({
    ...spec({}, undefined, { 'application/json': { schema: { type: 'object', properties: { role } } } }),
    components: { schemas: components },
  });
  const userRole = { type: 'string', enum: ['user', 'admin'] };
  it('an anyOf alternative moved from inline to an equivalent component is no change', () => {
    expect(diff(body({ anyOf: [userRole, { type: 'null' }] }), body({ anyOf: [{ $ref: '#/components/schemas/UserRole' }, { type: 'null' }] }, { UserRole: { ...userRole, title: 'UserRole' } }))).toEqual([]);
  });
  it('the same move with a narrower component is reported', () => {
    const changes = diff(body({ anyOf: [userRole, { type: 'null' }] }), body({ anyOf: [{ $ref: '#/components/schemas/UserRole' }, { type: 'null' }] }, { UserRole: { type: 'string', enum: ['user'] } }));
    expect(changes).toContainEqual(['request-property-any-of-removed', 'breaking']);
  });
  it('identical inline alternatives in a new order are no change', () => {
    expect(diff(body({ oneOf: [{ type: 'string' }, { type: 'integer' }] }), body({ oneOf: [{ type: 'integer' }, { type: 'string' }] }))).toEqual([]);
  });
  it('the one untitled inline alternative left on each side is compared with the other', () => {
    expect(diff(body({ oneOf: [{ type: 'integer' }, { type: 'string', maxLength: 10 }] }), body({ oneOf: [{ type: 'integer' }, { type: 'string', maxLength: 5 }] }))).toEqual([['request-property-max-length-decreased', 'breaking']]);
  });
});
