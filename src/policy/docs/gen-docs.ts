import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { rules } from '../rules/index.js';
import { renderPolicyDocs } from './render.js';

/** Rewrites docs/policy/: `npm run build && node dist/src/policy/docs/gen-docs.js` from the repo root. */
if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  const dir = path.join(process.cwd(), 'docs/policy');
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of await renderPolicyDocs(rules)) writeFileSync(path.join(dir, file), text);
}
