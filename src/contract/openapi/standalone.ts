import type { ValidateFunction } from 'ajv';
import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import type { OpenApiVersion } from './spec.js';
import { openApiSchemaAjv, openApiSchemaHash } from './validate-schema.js';

// ajv's standalone entry ships CommonJS; under NodeNext its callable default export arrives as `.default`.
type StandaloneCode = (ajv: unknown, validate: ValidateFunction) => string;
const standaloneCode = ((standaloneCodeModule as unknown as { default?: StandaloneCode }).default ?? standaloneCodeModule) as unknown as StandaloneCode;

/**
 * The OpenAPI schema validator of a version as a CommonJS module (ajv standalone code) exporting the
 * validator, with the hash of what it was compiled from. The build writes it (tools/precompile-schemas.ts).
 */
export function standaloneOpenApiValidator(version: OpenApiVersion): string {
  const { schema, ajv } = openApiSchemaAjv(version, { source: true });
  const code = standaloneCode(ajv, ajv.compile(schema));
  return `${code}\nmodule.exports.schemaHash = ${JSON.stringify(openApiSchemaHash(schema))};\n`;
}
