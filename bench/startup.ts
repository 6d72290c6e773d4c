import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { CPU_PROBE, median } from './measured-process.js';

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
    await runtimeStart(dir, cpuFile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `interlock runtime start` until it prints that it listens: on a fresh data directory (goal 1.5 s; the
 * first fresh store on a machine also writes the PGlite template, so one warm-up run comes first) and on a
 * restart of the same directory (goal 1.0 s). CPU includes the graceful stop after SIGTERM.
 */
async function runtimeStart(dir: string, cpuFile: string): Promise<void> {
  const once = async (dataDir: string): Promise<{ wall: number; cpu: number }> => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', CPU_PROBE, 'bin/interlock.js', 'runtime', 'start', '--port', '0', '--data', dataDir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, INTERLOCK_BENCH_CPU: cpuFile },
    });
    const wall = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('listening on')) resolve((performance.now() - t0) / 1000);
      });
      child.on('exit', (code) => reject(new Error(`runtime start exited with ${code} before listening`)));
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    return { wall, cpu: Number(readFileSync(cpuFile, 'utf8')) };
  };
  const rows: [string, number, () => string][] = [
    ['runtime start (fresh)', 1.5, () => path.join(mkdtempSync(path.join(dir, 'fresh-')), 'rt')],
    ['runtime start (restart)', 1.0, () => path.join(dir, 'restart', 'rt')],
  ];
  for (const [label, goal, dataDir] of rows) {
    const runs: { wall: number; cpu: number }[] = [];
    for (let n = 0; n <= 3; n++) {
      const r = await once(dataDir());
      if (n > 0) runs.push(r);
    }
    const wall = median(runs.map((r) => r.wall));
    console.log(
      label.padEnd(26) + wall.toFixed(2).padStart(10) + median(runs.map((r) => r.cpu)).toFixed(2).padStart(8) + goal.toFixed(2).padStart(8) + '0'.padStart(6) +
        `  ${runs.map((r) => r.wall.toFixed(2)).join(' / ')}${wall <= goal ? '  meets' : '  misses'}`,
    );
  }
}
