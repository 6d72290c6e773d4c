import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { DirectorySource, loadWorkspace } from '../src/load/index.js';
import { configSecretResolver } from '../src/runtime/delivery/secret-refs.js';
import { workspaceContractDocuments } from '../src/runtime/delivery/config.js';
import { erasureService } from '../src/runtime/privacy/service.js';
import { transportCaller } from '../src/runtime/privacy/vendor-caller.js';
import { toNumber } from '../src/runtime/store/rows.js';
import { openStore, type Store } from '../src/runtime/store/store.js';
import { validateWorkspace } from '../src/validate/index.js';

/**
 * `npm run bench -- erasure`: erasure fan-out on the embedded store (payloads sealed at rest, as the runtime
 * runs) to three connectors of this repository's example workspace, each on Interlock's validating mock of
 * its contract in its own process on loopback: OneTrust (delete), ServiceNow (lookup, then suppress) and
 * Salesforce (SOQL lookup, then delete) — five vendor calls per request. Each request names one subject by
 * email. Intake (1,000 requests filed, each planning its three steps and evidence in one transaction) and the
 * fan-out (every step run through the real vendor caller, evidenced and audited, until every request has
 * settled) are measured apart. The auth of each connector is replaced by an API key the mocks accept.
 */
const REQUESTS = Number(process.env.BENCH_ERASURE_REQUESTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_ERASURE_CONCURRENCY ?? 8);
const CONNECTORS = ['integrations/onetrust/onetrust-consent-import.yaml', 'integrations/servicenow/servicenow-incidents.yaml', 'integrations/salesforce/salesforce-crm-sync.yaml'];

interface MockStats {
  requests: number;
  valid: number;
  byOperation: Record<string, number>;
  cpuSeconds: number;
}

interface Mock {
  child: ChildProcess;
  url: string;
  stats(): Promise<MockStats>;
}

async function spawnMock(file: string): Promise<Mock> {
  const child = fork(path.join(path.dirname(fileURLToPath(import.meta.url)), 'erasure-mock.js'), [file], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { url: string }) => resolve(m.url));
    child.once('exit', (code) => reject(new Error(`the mock of ${file} exited (${code})`)));
  });
  const stats = () =>
    new Promise<MockStats>((resolve) => {
      child.once('message', (m: MockStats) => resolve(m));
      child.send('stats');
    });
  return { child, url, stats };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** The three connectors as applied, each pointed at its mock; their contracts' files (for the mocks). */
async function connectors(root: string): Promise<{ name: string; spec: Record<string, unknown>; contract: string; file: string }[]> {
  const loaded = await loadWorkspace(new DirectorySource(root));
  const apis = validateWorkspace(loaded.value).value.apis;
  return CONNECTORS.map((file) => {
    const doc = parse(readFileSync(path.join(root, file), 'utf8')) as { metadata: { name: string }; spec: Record<string, unknown> & { contract: { ref: string } } };
    const api = apis.get(doc.spec.contract.ref);
    if (!api) throw new Error(`contract ${doc.spec.contract.ref} is not in the workspace`);
    return { name: doc.metadata.name, spec: doc.spec, contract: doc.spec.contract.ref, file: api.file };
  });
}

async function apply(store: Store, list: { name: string; spec: Record<string, unknown>; contract: string }[], urls: string[]): Promise<void> {
  const ctx = { actor: 'bench', now: new Date() };
  const audit = { actor: 'bench', action: 'putResource', target: null, data: {} };
  for (const [i, c] of list.entries()) {
    await store.putResource('Contract', c.contract, { spec: { format: 'openapi' } }, ctx, audit);
    const endpoint = { ...(c.spec.endpoint as Record<string, unknown>), baseUrl: urls[i], localTesting: true };
    const spec = { ...c.spec, endpoint, auth: { type: 'apiKey', in: 'header', name: 'Authorization', value: 'env:BENCH_TOKEN' } };
    await store.putResource('Integration', c.name, { spec }, ctx, audit);
  }
}

export async function run(): Promise<void> {
  const root = process.cwd();
  const list = await connectors(root);
  const mocks = await Promise.all(list.map((c) => spawnMock(c.file)));
  const dir = mkdtempSync(path.join(tmpdir(), 'interlock-bench-erasure-'));
  const store = await openStore({ dataDir: dir });
  const service = erasureService({
    store,
    caller: transportCaller({ secrets: configSecretResolver({ BENCH_TOKEN: 'Bearer bench-token' }), contractDocument: workspaceContractDocuments(root) }),
    concurrency: CONCURRENCY,
    pollMs: 50,
    onError: (e) => console.error(e),
  });
  try {
    await apply(store, list, mocks.map((m) => m.url));
    for (const m of mocks) await m.stats(); // nothing recorded yet, but start every mock's count from here

    // Intake: the requests are filed (planned, evidenced, audited) with no step running yet.
    const t0 = performance.now();
    for (let i = 0; i < REQUESTS; i++) {
      await service.create({ id: `dsr-bench-${i}`, identifiers: [{ type: 'email', value: `subject.${i}@example.com` }], legalBasis: 'gdpr-art17' }, 'bench');
    }
    const intakeSeconds = (performance.now() - t0) / 1000;
    const [planned] = await store.db.query<{ n: unknown }>('SELECT count(*) AS n FROM erasure_steps');

    // Fan-out: run every step until no request is open.
    const cpu0 = process.cpuUsage();
    const t1 = performance.now();
    const started = new Date();
    service.start();
    for (;;) {
      const [open] = await store.db.query<{ n: unknown }>("SELECT count(*) AS n FROM erasure_requests WHERE status = 'open'");
      if (toNumber(open.n) === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const drainSeconds = (performance.now() - t1) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const states = await store.db.query<{ state: string; n: unknown }>('SELECT state, count(*) AS n FROM erasure_steps GROUP BY state ORDER BY state');
    const statuses = await store.db.query<{ status: string; n: unknown }>('SELECT status, count(*) AS n FROM erasure_requests GROUP BY status ORDER BY status');
    // Completion per request from the start of the fan-out (the queue is full at once: this is queueing time).
    const closed = (await store.db.query<{ closed_at: Date | string }>('SELECT closed_at FROM erasure_requests WHERE closed_at IS NOT NULL'))
      .map((r) => (new Date(r.closed_at).getTime() - started.getTime()) / 1000)
      .sort((a, b) => a - b);
    const [evidence] = await store.db.query<{ n: unknown }>('SELECT count(*) AS n FROM erasure_evidence');
    const vendor = await Promise.all(mocks.map((m) => m.stats()));
    const calls = vendor.reduce((a, v) => a + v.requests, 0);
    const steps = toNumber(planned.n);

    console.log(`${REQUESTS} requests × ${list.length} connectors (${list.map((c) => c.name).join(', ')}); embedded store, step concurrency ${CONCURRENCY}`);
    console.log(`intake:  ${REQUESTS} requests, ${steps} steps planned in ${intakeSeconds.toFixed(2)} s = ${(REQUESTS / intakeSeconds).toFixed(0)} requests/s`);
    console.log(`fan-out: ${steps} steps, ${calls} vendor calls in ${drainSeconds.toFixed(2)} s = ${(steps / drainSeconds).toFixed(0)} steps/s, ${(calls / drainSeconds).toFixed(0)} calls/s (${((cpu.user + cpu.system) / 1e6).toFixed(1)} CPU s in the runtime process)`);
    console.log(`requests settled after the fan-out started: p50 ${percentile(closed, 50).toFixed(2)} s, p99 ${percentile(closed, 99).toFixed(2)} s, last ${percentile(closed, 100).toFixed(2)} s`);
    console.log(`request status: ${statuses.map((s) => `${s.status} ${toNumber(s.n)}`).join(', ')}; step state: ${states.map((s) => `${s.state} ${toNumber(s.n)}`).join(', ')}; evidence items ${toNumber(evidence.n)}`);
    for (const [i, v] of vendor.entries()) {
      console.log(`  ${list[i].name}: ${v.requests} requests (${Object.entries(v.byOperation).map(([op, n]) => `${op} ${n}`).join(', ')}), ${v.valid} valid against the contract, mock CPU ${v.cpuSeconds.toFixed(1)} s`);
    }
    console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    await service.close();
    await store.close();
    for (const m of mocks) m.child.disconnect();
    rmSync(dir, { recursive: true, force: true });
  }
}
