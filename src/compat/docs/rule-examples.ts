import type { Level } from '../change.js';

/**
 * The executed examples of docs/compat/rules.md: one or more per rule module. Each starts from
 * EXAMPLE_BASE, puts `before` (default: what EXAMPLE_BASE has) at the pointer `at` in the base and
 * `after` in the head (`undefined` removes it), and lists every change the diff must report — id, level,
 * message id, a subset of its data and the pointer it is located at. The rules doc renders them and
 * rule-examples.test.ts runs each through the change tester (test/support/change-tester.ts).
 */
export interface ChangeEdit {
  at: string;
  before?: unknown;
  after?: unknown;
}

export interface ChangeExample extends ChangeEdit {
  title: string;
  /** Further edits of the same change, applied in order. */
  more?: ChangeEdit[];
  /** The evaluation date (`--now`), for sunset examples. */
  now?: string;
  expect: ExpectedChange[];
}

export interface ExpectedChange {
  id: string;
  level: Level;
  /** The template of the id's `messages` the change is worded with. */
  messageId: string;
  /** Subset of the change's data (the facts its template is filled from). */
  data?: Record<string, unknown>;
  /** The head pointer (or the base pointer, for a removal). */
  pointer?: string;
}

export const EXAMPLE_BASE = {
  openapi: '3.0.3',
  info: { title: 'Items', version: '1.0.0' },
  paths: {
    '/items/{id}': {
      get: {
        operationId: 'getItem',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'fields', in: 'query', schema: { type: 'string' } },
        ],
        responses: { '200': { description: 'The item', content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } } },
      },
      put: {
        operationId: 'updateItem',
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ItemInput' } } } },
        responses: { '200': { description: 'Updated', content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } } },
      },
    },
  },
  components: {
    schemas: {
      Item: {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string' }, name: { type: 'string' }, state: { type: 'string', enum: ['open', 'closed'] } },
      },
      ItemInput: {
        type: 'object',
        properties: { name: { type: 'string', maxLength: 50 }, size: { type: 'integer', minimum: 1 }, kind: { type: 'string', enum: ['a', 'b'] } },
      },
    },
    securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key' } },
  },
};

const GET = '/paths/~1items~1{id}/get';
const PUT = '/paths/~1items~1{id}/put';
const ITEM = '/components/schemas/Item';
const INPUT = '/components/schemas/ItemInput';

/** Rule module name → its examples. */
export const RULE_EXAMPLES: Record<string, ChangeExample[]> = {
  'additional-properties': [
    { title: 'A request body stops accepting unlisted properties', at: `${INPUT}/additionalProperties`, after: false, expect: [{ id: 'request-body-additional-properties-closed', level: 'warning', messageId: 'closed', data: { place: { prefix: 'request-body', mediaType: 'application/json' } }, pointer: `${INPUT}/additionalProperties` }] },
  ],
  'api-deprecation': [
    { title: 'A stable operation deprecated without a sunset date', at: `${GET}/deprecated`, after: true, expect: [{ id: 'api-deprecated-sunset-missing', level: 'breaking', messageId: 'no-sunset', pointer: GET }] },
    { title: 'A deprecated operation reactivated', at: `${GET}/deprecated`, before: true, after: false, expect: [{ id: 'endpoint-reactivated', level: 'info', messageId: 'reactivated', pointer: `${GET}` }] },
  ],
  'api-lifecycle': [
    { title: 'An operation removed without deprecation', at: GET, after: undefined, expect: [{ id: 'api-removed-without-deprecation', level: 'breaking', messageId: 'removed', pointer: GET }] },
  ],
  bounds: [
    { title: 'A request maxLength lowered', at: `${INPUT}/properties/name/maxLength`, after: 20, expect: [{ id: 'request-property-max-length-decreased', level: 'breaking', messageId: 'decreased', data: { property: 'name', from: 50, to: 20 }, pointer: `${INPUT}/properties/name/maxLength` }] },
  ],
  composition: [
    { title: 'A response alternative added', at: `${ITEM}/properties/name`, before: { oneOf: [{ type: 'string' }] }, after: { oneOf: [{ type: 'string' }, { type: 'integer' }] }, expect: [{ id: 'response-property-one-of-added', level: 'breaking', messageId: 'added', data: { property: 'name' }, pointer: `${ITEM}/properties/name/oneOf/1` }] },
  ],
  'default-value': [
    { title: 'A request default changed', at: `${INPUT}/properties/size/default`, before: 1, after: 2, expect: [{ id: 'request-property-default-value-changed', level: 'info', messageId: 'changed', data: { property: 'size', from: 1, to: 2 }, pointer: `${INPUT}/properties/size/default` }] },
  ],
  discriminator: [{ title: 'A response schema gets a discriminator', at: `${ITEM}/discriminator`, after: { propertyName: 'state' }, expect: [{ id: 'response-body-discriminator-added', level: 'info', messageId: 'changed', pointer: `${ITEM}/discriminator` }] }],
  enum: [
    { title: 'A request enum value removed', at: `${INPUT}/properties/kind/enum`, after: ['a'], expect: [{ id: 'request-property-enum-value-removed', level: 'breaking', messageId: 'rejected', data: { property: 'kind', place: { prefix: 'request-property', property: 'kind' }, values: ['b'] }, pointer: `${INPUT}/properties/kind/enum` }] },
    { title: 'A response enum value added', at: `${ITEM}/properties/state/enum`, after: ['open', 'closed', 'merged'], expect: [{ id: 'response-property-enum-value-added', level: 'warning', messageId: 'returned', data: { property: 'state', place: { prefix: 'response-property', property: 'state', status: '200' }, values: ['merged'] }, pointer: `${ITEM}/properties/state/enum` }] },
  ],
  nullable: [
    { title: 'A response property may now be null', at: `${ITEM}/properties/id/nullable`, after: true, expect: [{ id: 'response-property-became-nullable', level: 'breaking', messageId: 'nullable', data: { property: 'id' }, pointer: `${ITEM}/properties/id/nullable` }] },
  ],
  'parameter-serialization': [
    { title: 'A query parameter no longer exploded', at: `${GET}/parameters/1/explode`, after: false, expect: [{ id: 'request-parameter-serialization-changed', level: 'warning', messageId: 'changed', data: { parameter: 'fields', fromExplode: true, toExplode: false }, pointer: `${GET}/parameters/1` }] },
  ],
  pattern: [
    { title: 'A request pattern added', at: `${INPUT}/properties/name/pattern`, after: '^[a-z]+$', expect: [{ id: 'request-property-pattern-added', level: 'breaking', messageId: 'added', data: { property: 'name', to: '^[a-z]+$' }, pointer: `${INPUT}/properties/name/pattern` }] },
  ],
  'property-deprecation': [{ title: 'A response property deprecated', at: `${ITEM}/properties/name/deprecated`, after: true, expect: [{ id: 'response-property-deprecated', level: 'info', messageId: 'deprecated', data: { property: 'name', propertyPath: 'name', status: '200' }, pointer: `${ITEM}/properties/name/deprecated` }] }],
  'property-presence': [
    { title: 'An optional response property removed', at: `${ITEM}/properties/name`, after: undefined, expect: [{ id: 'response-optional-property-removed', level: 'warning', messageId: 'removed', data: { property: 'name', propertyPath: 'name', status: '200' }, pointer: `${ITEM}/properties` }] },
  ],
  'property-required': [
    { title: 'A request property became required', at: `${INPUT}/required`, after: ['name'], expect: [{ id: 'request-property-became-required', level: 'breaking', messageId: 'required', data: { property: 'name', propertyPath: 'name' }, pointer: `${INPUT}/properties/name` }] },
  ],
  'property-stability': [{ title: 'A response property stability lowered', at: `${ITEM}/properties/name/x-stability-level`, before: 'stable', after: 'beta', expect: [{ id: 'response-property-stability-decreased', level: 'breaking', messageId: 'decreased', data: { property: 'name', from: 'stable', to: 'beta' }, pointer: `${ITEM}/properties/name/x-stability-level` }] }],
  'request-body': [
    { title: 'The request body media type removed', at: `${PUT}/requestBody/content`, after: { 'text/plain': { schema: { type: 'string' } } }, expect: [{ id: 'request-body-media-type-removed', level: 'breaking', messageId: 'removed', data: { mediaType: 'application/json' }, pointer: `${PUT}/requestBody` }, { id: 'request-body-media-type-added', level: 'info', messageId: 'added', pointer: `${PUT}/requestBody/content/text~1plain` }] },
  ],
  'request-parameter': [
    { title: 'A required query parameter added', at: `${GET}/parameters/2`, after: { name: 'expand', in: 'query', required: true, schema: { type: 'string' } }, expect: [{ id: 'new-required-request-parameter', level: 'breaking', messageId: 'added', data: { in: 'query', parameter: 'expand' }, pointer: `${GET}/parameters/2` }] },
    { title: 'An optional parameter became required', at: `${GET}/parameters/1/required`, after: true, expect: [{ id: 'request-parameter-became-required', level: 'breaking', messageId: 'required', data: { in: 'query', parameter: 'fields' }, pointer: `${GET}/parameters/1` }] },
  ],
  responses: [
    { title: 'A success status replaced', at: `${GET}/responses`, after: { '201': { description: 'The item' } }, expect: [{ id: 'response-success-status-removed', level: 'breaking', messageId: 'removed', data: { status: '200' }, pointer: `${GET}/responses/200` }, { id: 'response-success-status-added', level: 'info', messageId: 'added', data: { status: '201' }, pointer: `${GET}/responses/201` }] },
  ],
  'schema-keywords': [{ title: 'A request property content encoding set', at: `${INPUT}/properties/name/contentEncoding`, after: 'base64', expect: [{ id: 'request-property-content-encoding-changed', level: 'breaking', messageId: 'changed', data: { property: 'name' }, pointer: `${INPUT}/properties/name/contentEncoding` }] }],
  security: [
    { title: 'An operation starts requiring an API key', at: `${GET}/security`, after: [{ key: [] }], expect: [{ id: 'api-security-added', level: 'warning', messageId: 'added', data: { scheme: 'key' }, pointer: `${GET}/security` }] },
  ],
  'servers-webhooks': [
    {
      title: 'The version moves from the server URL into the paths',
      at: '/servers',
      before: [{ url: 'https://api.example.com/v1' }],
      after: [{ url: 'https://api.example.com' }],
      more: [
        { at: '/paths/~1items~1{id}', after: undefined },
        { at: '/paths/~1v1~1items~1{id}', before: undefined, after: EXAMPLE_BASE.paths['/items/{id}'] },
      ],
      expect: [{ id: 'api-base-path-changed', level: 'warning', messageId: 'moved', data: { from: '/v1', to: '/' }, pointer: `/servers` }],
    },
  ],
  type: [
    { title: 'A request property type changed', at: `${INPUT}/properties/size/type`, after: 'string', expect: [{ id: 'request-property-type-changed', level: 'breaking', messageId: 'breaks', data: { property: 'size', from: 'integer', to: 'string' }, pointer: `${INPUT}/properties/size/type` }] },
  ],
};
