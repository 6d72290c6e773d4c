import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../src/runtime/package-files.js';
import { parseFuzzArgs } from './args.js';
import { targetOf, TARGETS, type FuzzOptions, type Target } from './cases.js';
import { DEFECTS, emptyTally, record, type Outcome, type Tally } from './outcome.js';

/**
 * `npm run fuzz [-- --cases N --seed S --hang-ms MS]`: mutation fuzzing of `interlock diff`, `validate`/`check`
 * and the admin API's request parsing. Cases run in a worker; one that reports nothing for `--hang-ms` is a
 * hang (the worker is replaced and the run goes on). Prints the counts per target; exit 1 on any crash,
 * hang or unlocated error.
 */
const parsed = parseFuzzArgs(process.argv.slice(2));
if ('help' in parsed) {
  console.log(parsed.help);
  process.exit(0);
}
if ('error' in parsed) {
  console.error(`fuzz: ${parsed.error}`);
  process.exit(2);
}
const { cases, seed, hangMs, maxDepth } = parsed.args;
const root = packageRoot();
const scratch = mkdtempSync(path.join(tmpdir(), 'interlock-fuzz-'));
const options: FuzzOptions = { seed, maxDepth, root, scratch };
const tallies = new Map<Target, Tally>(TARGETS.map((t) => [t, emptyTally()]));
const workerFile = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker.js');
const started = Date.now();

/** Running totals, so a long run that is stopped still tells what it found. */
function progress(): string {
  const sum = (kind: 'crash' | 'hang' | 'unlocated') => [...tallies.values()].reduce((n, t) => n + t.byKind[kind], 0);
  return `${sum('crash')} crashes, ${sum('hang')} hangs, ${sum('unlocated')} unlocated`;
}

function runFrom(from: number): Promise<number> {
  return new Promise((resolve) => {
    const worker = new Worker(workerFile, { workerData: { options: { ...options, scratch: path.join(scratch, `w${from}`) }, from, to: cases } });
    let current = from;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        record(tallies.get(targetOf(current))!, targetOf(current), current, { kind: 'hang', detail: `no result in ${hangMs} ms` });
        void worker.terminate();
        resolve(current + 1);
      }, hangMs);
    };
    arm();
    worker.on('message', (m: { type: 'start' | 'done' | 'end'; index: number; target: Target; outcome: Outcome }) => {
      if (m.type === 'start') {
        current = m.index;
        arm();
      } else if (m.type === 'done') {
        record(tallies.get(m.target)!, m.target, m.index, m.outcome);
        if ((m.index + 1) % 500 === 0) process.stderr.write(`fuzz: ${m.index + 1}/${cases} cases, ${progress()}\n`);
      } else {
        clearTimeout(timer);
        void worker.terminate();
        resolve(cases);
      }
    });
    worker.on('error', (error) => {
      clearTimeout(timer);
      record(tallies.get(targetOf(current))!, targetOf(current), current, { kind: 'crash', detail: `worker died: ${error.message}` });
      resolve(current + 1);
    });
  });
}

for (let next = 0; next < cases; ) next = await runFrom(next);
rmSync(scratch, { recursive: true, force: true });

let defects = 0;
console.log(`fuzz: ${cases} cases, seed ${seed}, max nesting ${maxDepth}, hang limit ${hangMs} ms, ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log('target         cases  accepted  findings  rejected  crashes  hangs  unlocated');
for (const [target, t] of tallies) {
  const k = t.byKind;
  console.log(`${target.padEnd(13)} ${String(t.cases).padStart(6)} ${String(k.accepted).padStart(9)} ${String(k.findings).padStart(9)} ${String(k.rejected).padStart(9)} ${String(k.crash).padStart(8)} ${String(k.hang).padStart(6)} ${String(k.unlocated).padStart(10)}`);
  defects += DEFECTS.reduce((n, kind) => n + k[kind], 0);
  for (const d of t.defects) console.log(`  ${d.kind} ${d.target} case ${d.index} (replay: --seed ${seed}, case ${d.index}): ${d.detail ?? ''}`);
}
console.log(defects === 0 ? 'fuzz: 0 crashes, 0 hangs, 0 unlocated internal errors' : `fuzz: ${defects} defect(s)`);
process.exitCode = defects === 0 ? 0 : 1;
