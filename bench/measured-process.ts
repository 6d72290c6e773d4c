import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The CLI the whole-process benches run: this build's, or another build's `bin/interlock.js` named by
 * INTERLOCK_BENCH_CLI, so two versions can be measured on the same generated workspace.
 */
export function interlockBin(): string {
  return process.env.INTERLOCK_BENCH_CLI ? path.resolve(process.env.INTERLOCK_BENCH_CLI) : path.join(root, 'bin/interlock.js');
}

/**
 * Preloaded into each measured process: writes the process's own CPU time (user + system, seconds) to the
 * file in INTERLOCK_BENCH_CPU at exit. CPU time is what a busy machine distorts least; wall time is what a
 * user waits for on a quiet one.
 */
export const CPU_PROBE = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; process.on('exit', () => { const c = process.cpuUsage(); writeFileSync(process.env.INTERLOCK_BENCH_CPU, String((c.user + c.system) / 1e6)); });",
)}`;

export interface MeasuredRun {
  /** Seconds from spawn to exit. */
  wall: number;
  /** The process's own CPU seconds (user + system). */
  cpu: number;
  status: number | null;
}

/** Runs `node ...args` as a fresh process and measures its wall and CPU time. */
export function runMeasured(args: string[], options: { cwd: string }): MeasuredRun {
  const dir = mkdtempSync(path.join(tmpdir(), 'interlock-bench-cpu-'));
  const cpuFile = path.join(dir, 'cpu');
  try {
    const t0 = performance.now();
    const status = spawnSync(process.execPath, ['--import', CPU_PROBE, ...args], { cwd: options.cwd, stdio: 'ignore', env: { ...process.env, INTERLOCK_BENCH_CPU: cpuFile } }).status;
    const wall = (performance.now() - t0) / 1000;
    return { wall, cpu: Number(readFileSync(cpuFile, 'utf8')), status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Three runs of a CLI command on a workspace, each cold (the workspace's parse cache, .interlock/cache,
 * removed first: the figure older builds without a cache compare with), then one warm run on the cache the
 * last one left; printed as one line with wall and CPU seconds.
 */
export function measureCli(label: string, args: string[], dir: string, goal: string): void {
  const cold = [0, 1, 2].map(() => {
    rmSync(path.join(dir, '.interlock', 'cache'), { recursive: true, force: true });
    return runMeasured([interlockBin(), ...args], { cwd: dir });
  });
  const warm = runMeasured([interlockBin(), ...args], { cwd: dir });
  const wall = median(cold.map((r) => r.wall));
  const cpu = median(cold.map((r) => r.cpu));
  console.log(
    `${label} (exit ${cold[0].status}): cold median ${wall.toFixed(2)} s wall, ${cpu.toFixed(2)} s cpu (runs ${cold.map((r) => `${r.wall.toFixed(2)}/${r.cpu.toFixed(2)}`).join(' ')}); warm cache ${warm.wall.toFixed(2)} s wall, ${warm.cpu.toFixed(2)} s cpu (${goal})`,
  );
}
