import type { Diagnostic } from '../../core/diagnostic.js';
import { diagnosticAt, type ParsedDocument } from '../../core/document.js';
import { appendPointer } from '../../core/pointer.js';

/** Documents up to this size are validated against the OpenAPI JSON Schema; larger ones only structurally. */
export const SCHEMA_VALIDATION_MAX_BYTES = 512 * 1024;

interface AjvDetail {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/**
 * Validates a (small) description against the OpenAPI 2.0/3.0/3.1 JSON Schema with swagger-parser,
 * every resolver switched off (no file or network access; `$ref`s were already checked), and turns
 * each violation into an error located at its JSON pointer. Large vendor specs skip this: measured,
 * it costs more than the whole diff, and the structural checks in load-openapi.ts still apply.
 */
export async function validateAgainstOpenApiSchema(doc: ParsedDocument): Promise<Diagnostic[]> {
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  try {
    await SwaggerParser.validate(structuredClone(doc.value) as never, {
      resolve: { external: false, file: false, http: false },
      dereference: { circular: 'ignore' },
      validate: { schema: true, spec: false },
    });
    return [];
  } catch (error) {
    const details = (error as { details?: unknown }).details;
    if (!Array.isArray(details)) return []; // not a schema violation (refs are our own check)
    // A Reference-or-X alternative fails both ways; the "$ref is required" and "oneOf" lines are noise.
    const useful = (details as AjvDetail[]).filter((d) => d.keyword !== 'oneOf' && !(d.keyword === 'required' && d.params?.missingProperty === '$ref'));
    return (useful.length ? useful : (details as AjvDetail[])).slice(0, 20).map((d) => {
      const extra = typeof d.params?.additionalProperty === 'string' ? d.params.additionalProperty : undefined;
      const pointer = extra !== undefined ? appendPointer(d.instancePath ?? '', extra) : (d.instancePath ?? '');
      const message = extra !== undefined ? `'${extra}' is not allowed here by the OpenAPI schema` : `${pointer || 'The document'} ${d.message ?? 'is invalid'} (OpenAPI schema)`;
      return diagnosticAt(doc, pointer, { severity: 'error', code: 'openapi-schema', message, data: { keyword: d.keyword, params: d.params } });
    });
  }
}
