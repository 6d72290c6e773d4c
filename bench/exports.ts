import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface Figures {
  rows: number;
  seconds: number;
  cpuSeconds: number;
  bytes: number;
  maxRssMb: number;
}

const SIZES = [250_000, 1_000_000];

function measure(rows: number): Promise<Figures> {
  const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'exports-child.js');
  // BENCH_CPU_PROF=<dir>: each run also writes a V8 CPU profile there (open in Chrome DevTools).
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...prof, child, String(rows)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as Figures) : reject(new Error(`exports bench child exited with ${code}`))));
  });
}

/**
 * `npm run bench -- exports`: shipment events (8 DataContract fields, restricted one dropped) exported as one
 * window to zstd Parquet, PGP-encrypted, at 250,000 and 1,000,000 rows, each in a fresh process: rows/s by the
 * clock and per CPU-second, and the process's peak RSS (flat in the row count when the export streams).
 * Goal: ≥ 200,000 rows/s on 2 cores.
 */
export async function run(): Promise<void> {
  console.log(`${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (figures are only comparable on a quiet machine)`);
  console.log('rows'.padStart(10) + 'seconds'.padStart(10) + 'rows/s'.padStart(10) + 'rows/CPU-s'.padStart(12) + 'MB out'.padStart(9) + 'peak RSS MB'.padStart(13));
  for (const rows of SIZES) {
    const f = await measure(rows);
    console.log(
      String(f.rows).padStart(10) +
        f.seconds.toFixed(1).padStart(10) +
        String(Math.round(f.rows / f.seconds)).padStart(10) +
        String(Math.round(f.rows / f.cpuSeconds)).padStart(12) +
        (f.bytes / 1e6).toFixed(1).padStart(9) +
        f.maxRssMb.toFixed(0).padStart(13),
    );
  }
}
