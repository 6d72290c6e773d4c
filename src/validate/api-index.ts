import { parse as parseGraphql, GraphQLError, type DocumentNode } from 'graphql';
import type { Diagnostic } from '../core/diagnostic.js';
import type { ParsedDocument } from '../core/document.js';
import { HTTP_METHODS } from '../core/http.js';
import { appendPointer, getAtPointer } from '../core/pointer.js';

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

/** GraphQL SDL parsed for syntax only; compatibility and document validation happen in compat. */
export function indexGraphql(file: string, text: string): { api?: ApiDescription; diagnostics: Diagnostic[] } {
  try {
    const sdl = parseGraphql(text, { noLocation: false });
    return { api: { file, format: 'graphql', sdl, text, operations: new Map() }, diagnostics: [] };
  } catch (error) {
    if (error instanceof GraphQLError) {
      const loc = error.locations?.[0];
      return {
        diagnostics: [
          { severity: 'error', code: 'graphql-syntax', message: error.message, location: { file, line: loc?.line ?? 1, column: loc?.column ?? 1 } },
        ],
      };
    }
    throw error;
  }
}
