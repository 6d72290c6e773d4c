import type { Diagnostic, Result } from '../../core/diagnostic.js';
import type { ParsedDocument } from '../../core/document.js';
import { loadOpenApi, type RefReader } from './load-openapi.js';
import type { Spec } from './spec.js';
import { SCHEMA_VALIDATION_MAX_BYTES, validateAgainstOpenApiSchema } from './validate-schema.js';

export interface UsableOpenApiOptions {
  /** Reads files named by `$ref`s; the default allows none. */
  readRef?: RefReader;
  /** Size of the document's text; documents up to SCHEMA_VALIDATION_MAX_BYTES are checked against the OpenAPI schema. */
  bytes?: number;
}

/**
 * The one judgement of whether an OpenAPI description can be compared, shared by `diff` and `check`.
 *
 * Unusable input is refused with located errors: not an API description (no `openapi`/`swagger`, a
 * 2.0 document with 3.x parts or the reverse), paths that are not paths, operations that are not
 * objects, and `$ref`s that cannot be resolved safely. A document that is merely schema-invalid (a
 * response without `description`, an operation without `responses`, `info` without `version`,
 * `required: []` …) is still compared, like oasdiff does: real vendor specs are often a little
 * invalid. Each violation is a located `openapi-invalid` warning.
 */
export async function loadUsableOpenApi(doc: ParsedDocument, options: UsableOpenApiOptions = {}): Promise<Result<Spec | undefined>> {
  const loaded = loadOpenApi(doc, options.readRef);
  if (!loaded.value) return loaded;
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  if ((options.bytes ?? 0) <= SCHEMA_VALIDATION_MAX_BYTES) diagnostics.push(...(await validateAgainstOpenApiSchema(doc)));
  return { value: loaded.value, diagnostics };
}
