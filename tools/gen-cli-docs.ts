import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withCliReference } from './cli-reference.js';

/** Rewrites the generated command reference in docs/cli.md; run through `npm run docs`. */
const file = path.join(process.cwd(), 'docs/cli.md');
writeFileSync(file, await withCliReference(readFileSync(file, 'utf8')));
