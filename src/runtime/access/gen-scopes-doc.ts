import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderScopesDoc } from './scopes-doc.js';

/** Rewrites docs/runtime/scopes.md: `npm run build && node dist/src/runtime/access/gen-scopes-doc.js` from the repo root. */
if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  writeFileSync(path.join(process.cwd(), 'docs/runtime/scopes.md'), renderScopesDoc());
}
