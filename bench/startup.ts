import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
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

/**
 * Preloaded into each measured process: writes the process's own CPU time (user + system, seconds) to the
 * file in INTERLOCK_BENCH_CPU at exit. CPU time is what a busy machine distorts least; wall time is what a
 * user waits for on a quiet one.
 */
const CPU_PROBE = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; process.on('exit', () => { const c = process.cpuUsage(); writeFileSync(process.env.INTERLOCK_BENCH_CPU, String((c.user + c.system) / 1e6)); });",
)}`;

/**
 * `npm run bench -- startup`: the median of 5 runs of each command as a fresh process (after one warm-up):
 * wall time and the process's CPU time. The goal is judged on wall time (what a user waits for).
 */
export async function run(): Promise<void> {
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (wall figures are only comparable on a quiet machine; compare CPU on a busy one)`);
  console.log('command'.padEnd(26) + 'median s'.padStart(10) + 'cpu s'.padStart(8) + 'goal s'.padStart(8) + 'exit'.padStart(6) + '  runs s');
  const dir = mkdtempSync(path.join(tmpdir(), 'interlock-bench-startup-'));
  const cpuFile = path.join(dir, 'cpu');
  try {
    for (const row of ROWS) {
      const times: number[] = [];
      const cpus: number[] = [];
      let status: number | null = null;
      for (let n = 0; n <= RUNS; n++) {
        const t0 = performance.now();
        status = spawnSync(process.execPath, ['--import', CPU_PROBE, ...row.args], { cwd: root, stdio: 'ignore', env: { ...process.env, INTERLOCK_BENCH_CPU: cpuFile } }).status;
        if (n > 0) {
          times.push((performance.now() - t0) / 1000);
          cpus.push(Number(readFileSync(cpuFile, 'utf8')));
        }
      }
      const m = median(times);
      const verdict = row.goal === undefined ? '' : m <= row.goal ? '  meets' : '  misses';
      console.log(
        row.label.padEnd(26) + m.toFixed(2).padStart(10) + median(cpus).toFixed(2).padStart(8) + (row.goal?.toFixed(2) ?? '-').padStart(8) + String(status).padStart(6) +
          `  ${times.map((t) => t.toFixed(2)).join(' / ')}${verdict}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
