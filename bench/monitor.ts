import { performance } from 'node:perf_hooks';
import { startRuntime } from '../src/runtime/start.js';
import { openStore } from '../src/runtime/store/store.js';
import { freshLocation } from '../test/support/stores.js';

const INTEGRATIONS = Number(process.env.BENCH_MONITOR_INTEGRATIONS ?? 1000);
const ATTEMPTS = Number(process.env.BENCH_MONITOR_ATTEMPTS ?? 20);
const TICKS = Number(process.env.BENCH_MONITOR_TICKS ?? 5);
const ENGINE = (process.env.BENCH_MONITOR_ENGINE ?? 'embedded') as 'embedded' | 'postgres';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Monitoring 1,000 integrations on one runtime (`BENCH_MONITOR_INTEGRATIONS`): each applied with a vendor and
 * `ATTEMPTS` delivery attempts in its SLO window (one in twenty integrations failing with 503, so alerts open
 * and stay open), then `TICKS` monitor ticks a minute apart, each as the scheduled `monitor` job runs it:
 * every integration's traffic read, the alert rules evaluated, the trust score computed and stored. Printed
 * per tick: wall time, CPU time of this process (the embedded store runs in it too), heap and RSS after; and
 * the CPU share of the minute between ticks. The goal: a tick's CPU well under its minute.
 */
export async function run(): Promise<void> {
  const location = await freshLocation(ENGINE);
  const store = await openStore(location.location);
  const T0 = new Date('2026-11-10T12:00:00.000Z');
  const setupStarted = performance.now();
  const audit = (target: string) => ({ actor: 'bench', action: 'putResource', target, data: {} });
  await store.putResource('Vendor', 'bench-vendor', { spec: { legalName: 'Bench', assessment: { status: 'approved', expiresAt: '2027-06-30' } } }, { actor: 'bench', now: T0 }, audit('Vendor/bench-vendor'));
  const name = (i: number) => `bench-${String(i).padStart(4, '0')}`;
  for (let i = 0; i < INTEGRATIONS; i++) {
    const spec = { vendor: 'bench-vendor', enabled: true, contract: { ref: 'bench-api' }, direction: 'outbound', endpoint: { baseUrl: 'https://bench.example', timeoutMs: 2000 }, auth: { type: 'none' }, slo: { windowSeconds: 900 } };
    await store.putResource('Integration', name(i), { spec }, { actor: 'bench', now: T0 }, audit(`Integration/${name(i)}`));
  }
  // ATTEMPTS attempts per integration in the 15 minutes before T0; every 20th integration answers 503.
  await store.db.query(
    `INSERT INTO delivery_attempts (delivery_id, generation, attempt, integration, variant, at, status, error, latency_ms, outcome)
     SELECT 'dlv_' || i || '_' || k, 0, 1, 'bench-' || lpad(i::text, 4, '0'), 'stable', $1::timestamptz - make_interval(secs => k * 30),
            CASE WHEN i % 20 = 0 THEN 503 ELSE 204 END, NULL, 20 + (k * 7 + i) % 180, CASE WHEN i % 20 = 0 THEN 'retry' ELSE 'delivered' END
     FROM generate_series(0, $2::int - 1) AS i, generate_series(1, $3::int) AS k`,
    [T0, INTEGRATIONS, ATTEMPTS],
  );
  console.log(`monitor setup: ${INTEGRATIONS} integrations applied, ${INTEGRATIONS * ATTEMPTS} delivery attempts recorded (${ENGINE} store) in ${Math.round(performance.now() - setupStarted)} ms`);

  const runtime = await startRuntime({ store, port: 0, delivery: false, scheduler: false, exports: false, streams: false, evidence: false, erasure: false, rateLimits: false });
  const monitor = runtime.services.monitor!;
  const walls: number[] = [];
  const cpus: number[] = [];
  try {
    for (let t = 0; t < TICKS; t++) {
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      const cpu = process.cpuUsage();
      const started = performance.now();
      const result = await monitor.tick(new Date(T0.getTime() + t * 60_000));
      const wall = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const cpuMs = (used.user + used.system) / 1000;
      const mem = process.memoryUsage();
      walls.push(wall);
      cpus.push(cpuMs);
      console.log(
        `monitor tick ${t + 1}: ${result.scores.length} scored, ${result.opened.length} alerts opened, ${result.resolved.length} resolved; wall ${Math.round(wall)} ms, CPU ${Math.round(cpuMs)} ms (${((cpuMs * 1000) / INTEGRATIONS).toFixed(0)} µs per integration), heap ${mem.heapUsed - heapBefore >= 0 ? '+' : ''}${mb(mem.heapUsed - heapBefore)} (used ${mb(mem.heapUsed)}), RSS ${mb(mem.rss)}`,
      );
    }
    const cpu = median(cpus);
    console.log(
      `monitor ${INTEGRATIONS} integrations: median tick wall ${Math.round(median(walls))} ms, CPU ${Math.round(cpu)} ms = ${((cpu / 60_000) * 100).toFixed(1)}% of one core between minute ticks; peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} (goal: a tick's CPU well under its minute)`,
    );
  } finally {
    await runtime.close();
    await store.close();
    await location.dispose();
  }
}
