import type { DocumentNode, GraphQLSchema } from 'graphql';
import type { Diagnostic, Result } from '../core/diagnostic.js';
import type { ParsedDocument } from '../core/document.js';
import { HTTP_METHODS } from '../core/http.js';
import { appendPointer, getAtPointer } from '../core/pointer.js';
import { graphqlSchema, loadSdl, parseSdl } from './graphql/load-sdl.js';

export interface ApiOperation {
  operationId: string;
  method: string;
  path: string;
  /** Pointer to the operation object in the description. */
  pointer: string;
}

/** What validation and later stages need to know about a contract's API description. */
export interface ApiDescription {
  file: string;
  format: 'openapi' | 'graphql';
  /** OpenAPI: the parsed description. */
  doc?: ParsedDocument;
  /** GraphQL: the parsed SDL. */
  sdl?: DocumentNode;
  text?: string;
  /** OpenAPI `info.version` / `openapi` (or `swagger`) version. */
  specVersion?: string;
  operations: Map<string, ApiOperation>;
  /**
   * The source file holds no API at all (emptied, or only comments): validation reports it, and compat
   * compares it as a description with every operation removed.
   */
  empty?: boolean;
}

/** Text with nothing but blank lines, comments and document markers: an emptied API description. */
export function isBlankSource(text: string): boolean {
  return text.split('\n').every((line) => /^\s*(#.*)?$/.test(line) || /^\s*(---|\.\.\.)\s*(#.*)?$/.test(line));
}

/** Operations by operationId, following local path-item `$ref`s. */
export function indexOpenApi(doc: ParsedDocument): ApiDescription {
  const root = (doc.value ?? {}) as Record<string, unknown>;
  const operations = new Map<string, ApiOperation>();
  const paths = (root.paths ?? {}) as Record<string, unknown>;
  for (const [path, rawItem] of Object.entries(paths)) {
    let item = rawItem as Record<string, unknown> | null;
    let itemPointer = appendPointer('/paths', path);
    if (item && typeof item.$ref === 'string' && item.$ref.startsWith('#/')) {
      itemPointer = item.$ref.slice(1);
      item = getAtPointer(root, itemPointer) as Record<string, unknown> | null;
    }
    if (!item || typeof item !== 'object') continue;
    for (const method of HTTP_METHODS) {
      const op = item[method] as Record<string, unknown> | undefined;
      if (!op || typeof op !== 'object') continue;
      const operationId = typeof op.operationId === 'string' ? op.operationId : undefined;
      if (operationId && !operations.has(operationId)) {
        operations.set(operationId, { operationId, method: method.toUpperCase(), path, pointer: appendPointer(itemPointer, method) });
      }
    }
  }
  const version = typeof root.openapi === 'string' ? root.openapi : typeof root.swagger === 'string' ? root.swagger : undefined;
  return { file: doc.file, format: 'openapi', doc, specVersion: version, operations };
}

/** GraphQL SDL parsed once; its schema is built on demand by `schemaOf`. */
export function indexGraphql(file: string, text: string): { api?: ApiDescription; diagnostics: Diagnostic[] } {
  const parsed = parseSdl(file, text);
  if (!parsed.value) return { diagnostics: parsed.diagnostics };
  return { api: { file, format: 'graphql', sdl: parsed.value, text, operations: new Map() }, diagnostics: [] };
}

/**
 * The GraphQL schema of a description, built once per workspace load (duplicate definitions tolerated,
 * as warnings). An emptied description has no SDL: parsing its text reports why there is no schema.
 */
export function schemaOf(api: ApiDescription): Result<GraphQLSchema | undefined> {
  if (!api.sdl) return loadSdl(api.file, api.text ?? '');
  return graphqlSchema(api.file, api.sdl);
}
