import standaloneCodeModule from 'ajv/dist/standalone/index.js';
import { kindAjv, kindSchemaIds, kindSchemasHash } from './schemas.js';

// ajv's standalone entry ships CommonJS; under NodeNext its callable default export arrives as `.default`.
type StandaloneCode = (ajv: ReturnType<typeof kindAjv>, refs: Record<string, string>) => string;
const standaloneCode = ((standaloneCodeModule as unknown as { default?: StandaloneCode }).default ?? standaloneCodeModule) as unknown as StandaloneCode;

/**
 * The kind validators as a CommonJS module (ajv standalone code): one export per kind, plus the hash
 * of the schemas it was compiled from. The build writes it next to schemas.js (tools/precompile-schemas.ts).
 */
export function standaloneKindValidators(): string {
  const code = standaloneCode(kindAjv({ source: true }), kindSchemaIds());
  return `${code}\nexports.schemasHash = ${JSON.stringify(kindSchemasHash())};\n`;
}
