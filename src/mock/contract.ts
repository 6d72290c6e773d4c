import type { GraphQLSchema } from 'graphql';
import type { Diagnostic, Result } from '../core/diagnostic.js';
import { detectFormat, parseOpenApiText } from '../contract/contract-text.js';
import { loadSdl } from '../contract/graphql/load-sdl.js';
import { loadOpenApi } from '../contract/openapi/load-openapi.js';
import type { Spec } from '../contract/openapi/spec.js';
import { normalizeDocument } from './openapi/json-schema.js';
import { buildRoutes, type Route } from './openapi/routes.js';
import { withPatternExamples } from './openapi/sample.js';
import { SchemaValidator } from './openapi/schema-validator.js';

export interface OpenApiMockContract {
  format: 'openapi';
  file: string;
  text: string;
  spec: Spec;
  /** The description with JSON Schema 2020-12 schemas, same pointers (see json-schema.ts). */
  document: unknown;
  routes: Route[];
  validator: SchemaValidator;
}

export interface GraphqlMockContract {
  format: 'graphql';
  file: string;
  text: string;
  schema: GraphQLSchema;
}

export type MockContract = OpenApiMockContract | GraphqlMockContract;

/**
 * Prepares a contract file for serving, through the same parsers and checks `interlock diff` and
 * `validate` use; a contract that does not parse comes back as located error diagnostics.
 * `seed` fixes the strings generated for `pattern`s.
 */
export function prepareMockContract(file: string, text: string, seed = 0): Result<MockContract | undefined> {
  if (detectFormat(text) === 'graphql') {
    const loaded = loadSdl(file, text);
    if (!loaded.value || loaded.diagnostics.some((d) => d.severity === 'error')) return { value: undefined, diagnostics: loaded.diagnostics };
    return { value: { format: 'graphql', file, text, schema: loaded.value }, diagnostics: loaded.diagnostics };
  }
  const diagnostics: Diagnostic[] = [];
  const parsed = parseOpenApiText(file, text);
  diagnostics.push(...parsed.diagnostics);
  if (!parsed.doc) return { value: undefined, diagnostics };
  const loaded = loadOpenApi(parsed.doc);
  diagnostics.push(...loaded.diagnostics);
  if (!loaded.value || diagnostics.some((d) => d.severity === 'error')) return { value: undefined, diagnostics };
  const spec = loaded.value;
  const document = withPatternExamples(addSwagger2ParameterSchemas(normalizeDocument(spec.value), spec.version), seed);
  return { value: { format: 'openapi', file, text, spec, document, routes: buildRoutes(spec), validator: new SchemaValidator(document) }, diagnostics };
}

const NOT_SCHEMA = new Set(['name', 'in', 'required', 'description', 'allowEmptyValue', 'collectionFormat']);

/**
 * Swagger 2.0 parameters other than `in: body` are their own schema mixed with `name`, `in` and a
 * boolean `required`; each gets a `__schema` copy without those, which the validator compiles.
 */
function addSwagger2ParameterSchemas(document: unknown, version: string): unknown {
  if (version !== '2.0' || !document || typeof document !== 'object') return document;
  const root = document as Record<string, unknown>;
  const lists: unknown[] = [];
  if (root.parameters && typeof root.parameters === 'object') lists.push(Object.values(root.parameters));
  for (const item of Object.values((root.paths ?? {}) as Record<string, unknown>)) {
    if (!item || typeof item !== 'object') continue;
    for (const [key, value] of Object.entries(item)) {
      if (key === 'parameters') lists.push(value);
      else if (value && typeof value === 'object' && 'parameters' in value) lists.push((value as { parameters: unknown }).parameters);
    }
  }
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const p of list) {
      if (!p || typeof p !== 'object' || (p as { in?: unknown }).in === 'body' || '$ref' in p) continue;
      const schema: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(p)) if (!NOT_SCHEMA.has(k) && !k.startsWith('x-')) schema[k] = v;
      (p as Record<string, unknown>).__schema = schema;
    }
  }
  return document;
}
