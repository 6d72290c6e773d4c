import { writeFileSync } from 'node:fs';
import { standaloneOpenApiValidator } from '../src/contract/openapi/standalone.js';
import { precompiledOpenApiValidator } from '../src/contract/openapi/validate-schema.js';
import { writeParsedAdminDocument } from '../src/runtime/api/openapi-document.js';
import { PRECOMPILED_VALIDATORS } from '../src/validate/schemas.js';
import { standaloneKindValidators } from '../src/validate/standalone.js';

/**
 * Writes the kind validators and the OpenAPI schema validators as ajv standalone code into dist/ (part of
 * `npm run build`), so `validate` and `check` load them instead of compiling the schemas on every run; and
 * the runtime's admin contract as JSON, so the runtime does not parse its YAML at every start.
 * Run from dist/tools/.
 */
writeFileSync(PRECOMPILED_VALIDATORS, standaloneKindValidators());
for (const version of ['2.0', '3.0', '3.1'] as const) writeFileSync(precompiledOpenApiValidator(version), standaloneOpenApiValidator(version));
writeParsedAdminDocument();
