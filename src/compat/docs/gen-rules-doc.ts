import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderRulesDoc } from './rules-doc.js';

/** Rewrites docs/compat/rules.md: `npm run build && node dist/src/compat/docs/gen-rules-doc.js` from the repo root. */
if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  writeFileSync(path.join(process.cwd(), 'docs/compat/rules.md'), renderRulesDoc());
}
