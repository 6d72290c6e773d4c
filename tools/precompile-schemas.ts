import { writeFileSync } from 'node:fs';
import { PRECOMPILED_VALIDATORS } from '../src/validate/schemas.js';
import { standaloneKindValidators } from '../src/validate/standalone.js';

/**
 * Writes the kind validators as ajv standalone code into dist/ (part of `npm run build`), so `validate`
 * and `check` load them instead of compiling the schemas on every run. Run from dist/tools/.
 */
writeFileSync(PRECOMPILED_VALIDATORS, standaloneKindValidators());
