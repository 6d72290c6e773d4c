import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RUNS = 5;

/** What a user waits for: whole processes, on the example workspace (the repository root). Goals: issue 21. */
const ROWS: { label: string; args: string[]; goal?: number }[] = [
  { label: 'node -e 0 (the floor)', args: ['-e', '0'] },
  { label: 'interlock --version', args: ['bin/interlock.js', '--version'], goal: 0.15 },
  { label: 'interlock --help', args: ['bin/interlock.js', '--help'], goal: 0.15 },
  { label: 'interlock validate', args: ['bin/interlock.js', 'validate'], goal: 0.3 },
  { label: 'interlock check', args: ['bin/interlock.js', 'check'], goal: 0.5 },
];

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** `npm run bench -- startup`: the median of 5 runs of each command as a fresh process (after one warm-up). */
export async function run(): Promise<void> {
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (figures are only comparable on a quiet machine)`);
  console.log('command'.padEnd(26) + 'median s'.padStart(10) + 'goal s'.padStart(8) + 'exit'.padStart(6) + '  runs s');
  for (const row of ROWS) {
    const times: number[] = [];
    let status: number | null = null;
    for (let n = 0; n <= RUNS; n++) {
      const t0 = performance.now();
      status = spawnSync(process.execPath, row.args, { cwd: root, stdio: 'ignore' }).status;
      if (n > 0) times.push((performance.now() - t0) / 1000);
    }
    const m = median(times);
    const verdict = row.goal === undefined ? '' : m <= row.goal ? '  meets' : '  misses';
    console.log(
      row.label.padEnd(26) + m.toFixed(2).padStart(10) + (row.goal?.toFixed(2) ?? '-').padStart(8) + String(status).padStart(6) +
        `  ${times.map((t) => t.toFixed(2)).join(' / ')}${verdict}`,
    );
  }
}
