import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAIRS } from './compat.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const corpus = path.resolve(root, '../shared/corpus');

/**
 * `node dist/bench/diff-outputs.js <dir>`: writes what `interlock diff` prints (stdout, stderr, exit code) for
 * every bench pair in the text and JSON formats into <dir>. A speed change must not change a byte: run it on
 * main's build and on the changed build, then `diff -r` the two folders.
 */
function main(): void {
  const out = process.argv[2];
  if (!out) {
    console.error('usage: node dist/bench/diff-outputs.js <output dir>');
    process.exitCode = 2;
    return;
  }
  mkdirSync(out, { recursive: true });
  for (const pair of PAIRS) {
    for (const format of ['text', 'json']) {
      const args = [path.join(root, 'bin/interlock.js'), 'diff', pair.base, pair.head, '--now', '2026-11-01', '--format', format, '--cwd', corpus];
      const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
      const name = `${path.basename(path.dirname(pair.base))}.${format}`;
      writeFileSync(path.join(out, `${name}.stdout`), run.stdout);
      writeFileSync(path.join(out, `${name}.stderr`), `${run.stderr}\nexit ${run.status}\n`);
      console.log(`${name}: exit ${run.status}, ${run.stdout.length} characters`);
    }
  }
}

main();
