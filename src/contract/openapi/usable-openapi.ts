import type { Diagnostic, Result } from '../../core/diagnostic.js';
import type { ParsedDocument } from '../../core/document.js';
import { countParse } from '../parse-counts.js';
import { loadOpenApi, type RefReader } from './load-openapi.js';
import type { Spec } from './spec.js';
import { SCHEMA_VALIDATION_MAX_BYTES, validateAgainstOpenApiSchema } from './validate-schema.js';

export interface UsableOpenApiOptions {
  /** Reads files named by `$ref`s; the default allows none. */
  readRef?: RefReader;
  /** Size of the document's text; documents up to SCHEMA_VALIDATION_MAX_BYTES are checked against the OpenAPI schema. */
  bytes?: number;
}

/** `$ref`s of a workspace's API descriptions resolve to its other API documents only. */
export function workspaceRefReader(apiDocuments: ReadonlyMap<string, ParsedDocument>): RefReader {
  return (file) => {
    const doc = apiDocuments.get(file);
    return doc ? { doc, diagnostics: [] } : { diagnostics: [{ severity: 'error', code: 'ref-unresolved', message: `'${file}' is not an API description in the workspace` }] };
  };
}

// One parsed document is one description of one workspace load: it is loaded and judged once, however
// many stages ask (validity, field usage, the diff).
const loaded = new WeakMap<ParsedDocument, Result<Spec | undefined>>();
const judged = new WeakMap<ParsedDocument, Promise<Diagnostic[]>>();

/** The description as a `Spec` (`$ref`s checked, resolved lazily by its walkers), loaded once per document. */
export function openApiSpec(doc: ParsedDocument, readRef?: RefReader): Result<Spec | undefined> {
  let result = loaded.get(doc);
  if (!result) {
    countParse('openapi-load', doc.file);
    result = loadOpenApi(doc, readRef);
    loaded.set(doc, result);
  }
  return result;
}

function schemaProblems(doc: ParsedDocument): Promise<Diagnostic[]> {
  let result = judged.get(doc);
  if (!result) {
    countParse('openapi-schema-check', doc.file);
    result = validateAgainstOpenApiSchema(doc);
    judged.set(doc, result);
  }
  return result;
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
  const spec = openApiSpec(doc, options.readRef);
  if (!spec.value) return spec;
  const diagnostics: Diagnostic[] = [...spec.diagnostics];
  if ((options.bytes ?? 0) <= SCHEMA_VALIDATION_MAX_BYTES) diagnostics.push(...(await schemaProblems(doc)));
  return { value: spec.value, diagnostics };
}
