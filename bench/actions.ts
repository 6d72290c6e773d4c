import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { prepareMockContract, startMock } from '../src/mock/index.js';
import { configSecretResolver } from '../src/runtime/delivery/secret-refs.js';
import { startRuntime } from '../src/runtime/start.js';
import { openStore } from '../src/runtime/store/store.js';

/**
 * `npm run bench -- actions`: actions per second on the embedded store, from accepted events to recorded
 * calls: each event queues one createIncident call in its accepting transaction, the workers call it through
 * the adapter runtime's transport (auth from a secret reference, egress guard) on Interlock's validating
 * mock of the ServiceNow contract on loopback (in this process), and record it in the call log and the audit
 * log. Goal (issue 16): ≥ 2,000 actions/s embedded.
 */
const EVENTS = Number(process.env.BENCH_ACTIONS_EVENTS ?? 4000);
const GOAL = 2000;
const FILE = 'contracts/servicenow/table-api.openapi.yaml';

export async function run(): Promise<void> {
  const text = readFileSync(path.join(process.cwd(), FILE), 'utf8');
  const mock = await startMock(prepareMockContract(FILE, text).value!);
  const dir = mkdtempSync(path.join(tmpdir(), 'interlock-bench-actions-'));
  let recorded = 0;
  let failed = 0;
  let done: () => void = () => undefined;
  const store = await openStore({ dataDir: dir });
  const document = parse(text) as unknown;
  const runtime = await startRuntime({
    store,
    port: 0,
    scheduler: false,
    streams: false,
    exports: false,
    delivery: { config: { secrets: configSecretResolver({ SN_TOKEN: 'bench-token' }) }, contractDocument: () => document },
    actions: {
      maxInFlight: 256,
      onRecorded: (r) => {
        if (r.outcome !== 'succeeded') failed++;
        if (++recorded === EVENTS) done();
      },
    },
  });
  try {
    await store.putResource('Contract', 'servicenow-table-api', { spec: { format: 'openapi' } }, { actor: 'bench', now: new Date() }, { actor: 'bench', action: 'putResource', target: null, data: {} });
    await store.putResource(
      'Integration',
      'servicenow-incidents',
      {
        spec: {
          vendor: 'servicenow',
          contract: { ref: 'servicenow-table-api' },
          endpoint: { baseUrl: mock.url, localTesting: true },
          auth: { type: 'apiKey', in: 'header', name: 'Authorization', value: 'env:SN_TOKEN' },
          actions: [{ on: 'incident.created', call: 'createIncident', with: { short_description: '{{event.data.summary}}', urgency: '2', sysparm_exclude_reference_link: true } }],
        },
      },
      { actor: 'bench', now: new Date() },
      { actor: 'bench', action: 'putResource', target: null, data: {} },
    );
    const finished = new Promise<void>((r) => (done = r));
    const started = performance.now();
    const delivery = runtime.services.delivery!;
    const accepting: Promise<unknown>[] = [];
    for (let i = 0; i < EVENTS; i++) accepting.push(delivery.accept({ type: 'incident.created', data: { summary: `Bench incident ${i}` } }));
    await Promise.all(accepting);
    const acceptedMs = performance.now() - started;
    await finished;
    const seconds = (performance.now() - started) / 1000;
    const rate = EVENTS / seconds;
    const rows = [
      ['figure', 'value', 'goal'],
      ['events accepted (each queues 1 call)', String(EVENTS), ''],
      ['accepted in', `${(acceptedMs / 1000).toFixed(2)} s`, ''],
      ['calls recorded (call log + audit)', `${recorded} (${failed} not succeeded)`, ''],
      ['actions/s, accept → recorded', rate.toFixed(0), `≥ ${GOAL} ${rate >= GOAL ? 'met' : 'NOT met'}`],
      ['mock requests recorded', String(mock.requests({ operation: 'createIncident' }).length), ''],
      ['load average (1 min)', loadavg()[0].toFixed(2), ''],
    ];
    const width = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(width[c])).join('  ').trimEnd());
  } finally {
    await runtime.close();
    await store.close();
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
