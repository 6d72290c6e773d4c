import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { packageRoot } from '../src/runtime/package-files.js';
import { openStore } from '../src/runtime/store/store.js';
import { freshLocation } from '../test/support/stores.js';

const SECONDS = Number(process.env.BENCH_ADMIN_SECONDS ?? 5);
const FLOOD_CONNECTIONS = Number(process.env.BENCH_ADMIN_FLOOD ?? 200);
/** The flood of the report that found the starvation: 200 connections, about 800 requests a second. */
const FLOOD_RATE = Number(process.env.BENCH_ADMIN_FLOOD_RATE ?? 800);

/** The runtime in its own process (as `interlock runtime start` runs it), so the load generator does not share its event loop. */
export async function spawnRuntime(dataDir: string, env: Record<string, string> = { INTERLOCK_RATE_LIMIT: 'off' }): Promise<{ child: ChildProcess; url: string }> {
  const bin = path.join(packageRoot(), 'bin', 'interlock.js');
  // Throughput figures measure the runtime, not the per-token limit (the partner bench measures that).
  const child = spawn(process.execPath, [bin, 'runtime', 'start', '--port', '0', '--data', dataDir, '--workspace', packageRoot()], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  // The runtime still writes its JSON request log (a real cost it should pay here), but the figures stay
  // readable: only lines that are not request log lines (start-up failures, warnings in prose) are shown.
  createInterface({ input: child.stderr! }).on('line', (l) => {
    if (!l.startsWith('{')) process.stderr.write(`${l}\n`);
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const url = /listening on (\S+)/.exec(line)?.[1];
  if (!url) throw new Error(`runtime did not start: ${line}`);
  return { child, url };
}

/** autocannon's CLI in a child process; resolves to its JSON result. */
export function floodProcess(url: string, connections: number, rate: number, seconds: number, headers: string[] = []): Promise<autocannon.Result> {
  const bin = path.join(packageRoot(), 'node_modules', 'autocannon', 'autocannon.js');
  const child = spawn(process.execPath, [bin, '-j', '-c', String(connections), '-R', String(rate), '-d', String(seconds), ...headers.flatMap((h) => ['-H', h]), url], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as autocannon.Result) : reject(new Error(`flood exited with ${code}`)))));
}

export function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/**
 * CPU time (user + system, ms) the runtime process has used, from /proc (Linux; undefined elsewhere). On a
 * shared machine the runtime's CPU per request is steadier than its latency, which includes waiting for a core.
 */
function processCpuMs(pid: number | undefined): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Measures `work` and says how much runtime CPU it cost per request answered. */
async function withCpu(pid: number | undefined, work: () => Promise<autocannon.Result[]>): Promise<{ results: autocannon.Result[]; cpu: string }> {
  const before = processCpuMs(pid);
  const results = await work();
  const after = processCpuMs(pid);
  const requests = results.reduce((n, r) => n + r.requests.total, 0);
  if (before === undefined || after === undefined || requests === 0) return { results, cpu: '' };
  return { results, cpu: `; runtime CPU ${after - before} ms, ${Math.round(((after - before) * 1000) / requests)} µs per request` };
}

export const line = (label: string, r: autocannon.Result): string =>
  `${label}: ${Math.round(r.requests.average).toLocaleString('en')} req/s, latency p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms (${r['2xx']} 2xx, ${r.non2xx} other, ${r.errors} errors)`;

/**
 * Throughput of the admin API (a public route, an authenticated read, an authenticated write) and the
 * p99 of authenticated reads while `BENCH_ADMIN_FLOOD` connections send `BENCH_ADMIN_FLOOD_RATE` requests a
 * second without a token — all over
 * loopback against `interlock runtime start` on the embedded store.
 */
export async function run(): Promise<void> {
  const location = await freshLocation('embedded');
  const dataDir = 'dataDir' in location.location ? location.location.dataDir : '';
  const store = await openStore(location.location);
  const operator = (await store.createToken('operator', new Date())).token;
  const auditor = (await store.createToken('auditor', new Date())).token;
  await store.close();
  const { child, url } = await spawnRuntime(dataDir);
  try {
    const auth = { authorization: `Bearer ${operator}` };
    const measured = async (label: string, opts: autocannon.Options): Promise<autocannon.Result> => {
      const { results, cpu } = await withCpu(child.pid, async () => [await cannon(opts)]);
      console.log(line(label, results[0]) + cpu);
      return results[0];
    };
    await measured('admin-api GET /healthz (10 connections)', { url: `${url}/healthz`, connections: 10, duration: SECONDS });
    await measured('admin-api GET /v1/state, authenticated (10 connections)', { url: `${url}/v1/state`, connections: 10, duration: SECONDS, headers: auth });
    await measured('admin-api POST /v1/events, authenticated (10 connections)', {
      url: `${url}/v1/events`,
      method: 'POST',
      connections: 10,
      duration: SECONDS,
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'bench.event', data: { n: 1 } }),
    });
    await measured('admin-api GET /v1/state, authenticated, no flood (2 connections)', { url: `${url}/v1/state`, connections: 2, duration: SECONDS, headers: auth });
    const auditBefore = await auditCount(url, auditor);
    // The flood comes from its own process: on one event loop with the measured client, 200 connections
    // would starve the 2 measured ones in the load generator itself, whatever the runtime does.
    const { results, cpu } = await withCpu(child.pid, async () => {
      const flood = floodProcess(`${url}/v1/state`, FLOOD_CONNECTIONS, FLOOD_RATE, SECONDS + 2);
      const during = await cannon({ url: `${url}/v1/state`, connections: 2, duration: SECONDS, headers: auth });
      return [await flood, during];
    });
    const [flooded, during] = results;
    console.log(line(`admin-api unauthenticated flood GET /v1/state (${FLOOD_CONNECTIONS} connections, at most ${FLOOD_RATE} req/s)`, flooded) + cpu + ' (flood and reads together)');
    console.log(line('admin-api GET /v1/state, authenticated, during the flood (2 connections)', during) + ` (goal: p99 < 50 ms)`);
    const auditAfter = await auditCount(url, auditor);
    console.log(
      `admin-api audit entries written for ${flooded.non2xx.toLocaleString('en')} refused requests: ${auditAfter.refusals - auditBefore.refusals}; for ${during['2xx'].toLocaleString('en')} authenticated reads (batched off the request path): ${auditAfter.reads - auditBefore.reads}`,
    );
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await location.dispose();
  }
}

/** Audit entries of refused authentication (summaries or per request) and of state reads. */
async function auditCount(url: string, token: string): Promise<{ refusals: number; reads: number }> {
  const count = { refusals: 0, reads: 0 };
  for (let after = 0; ; ) {
    const res = await fetch(`${url}/v1/audit?after=${after}&limit=10000`, { headers: { authorization: `Bearer ${token}` } });
    const page = (await res.json()) as { entries: { action: string; data: { status?: number } }[]; next: number | null };
    for (const e of page.entries) {
      if (e.action === 'authRefused' || e.data.status === 401 || e.data.status === 429) count.refusals++;
      else if (e.action === 'getState') count.reads++;
    }
    if (page.next === null) return count;
    after = page.next;
  }
}
