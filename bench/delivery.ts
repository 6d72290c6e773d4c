import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { NatsQueue } from '../src/runtime/bus/nats-queue.js';
import { RuntimeClient } from '../src/runtime-client/client.js';
import { startDelivery, type DeliveryServiceOptions } from '../src/runtime/delivery/service.js';
import { integrationSpec, newWebhookSecret, putIntegration } from '../test/support/delivery-fixtures.js';
import { startRuntime } from '../src/runtime/start.js';
import { openStore } from '../src/runtime/store/store.js';
import { freshLocation } from '../test/support/stores.js';

const NATS = 'nats://127.0.0.1:4222';
const EVENTS = Number(process.env.BENCH_DELIVERY_EVENTS ?? 10_000);
const RATE = 500;
const RATE_SECONDS = 6;

/** A webhook receiver in its own process (so it does not share the event loop being measured): 204 to everything. */
export async function spawnReceiver(): Promise<{ child: ChildProcess; url: string }> {
  const script = `
    const http = await import('node:http');
    const server = http.createServer((req, res) => { req.resume(); req.on('end', () => res.writeHead(204).end()); });
    server.keepAliveTimeout = 30000;
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  return { child, url: `http://127.0.0.1:${port}/hooks` };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface Mode {
  label: string;
  engine: 'embedded' | 'postgres';
  bus?: string;
}

export async function throughput(mode: Mode, receiverUrl: string): Promise<string> {
  const location = await freshLocation(mode.engine);
  const store = await openStore(location.location);
  const stream = `ILK_BENCH_${randomBytes(4).toString('hex').toUpperCase()}`;
  const secret = newWebhookSecret();
  const base: Omit<DeliveryServiceOptions, 'store'> = { config: { secrets: () => secret, maxInFlight: 512 }, ...(mode.bus ? { bus: mode.bus, stream } : {}) };
  try {
    await putIntegration(store, 'bench-hooks', integrationSpec(receiverUrl, { subscribe: ['bench.*'], concurrency: 100 }));
    // Fill the outbox first (group-committed acceptance), then time how fast the workers drain it.
    const filler = await startDelivery({ ...base, store, workers: false });
    const t0 = performance.now();
    await Promise.all(Array.from({ length: EVENTS }, (_, i) => filler.accept({ type: 'bench.created', data: { i, payload: 'x'.repeat(200) } })));
    const acceptMs = performance.now() - t0;
    if (mode.bus) await new Promise((r) => setTimeout(r, 500)); // let the relay hand everything to JetStream
    await filler.close();
    let attempts = 0;
    let delivered = 0;
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const t1 = performance.now();
    const cpu0 = process.cpuUsage();
    const service = await startDelivery({
      ...base,
      store,
      onAttempt: (_job, report) => {
        attempts++;
        if (report.status !== null && report.status < 300) delivered++;
        if (delivered === EVENTS) done();
      },
    });
    await finished;
    await service.idle();
    const drainMs = performance.now() - t1;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    await service.close();
    // CPU of this process only (the PostgreSQL server and NATS are not in it); wall time moves with the machine's load.
    return `delivery ${mode.label}: ${EVENTS} deliveries in ${(drainMs / 1000).toFixed(2)} s = ${Math.round((EVENTS / drainMs) * 1000)} deliveries/s; CPU ${cpuSeconds.toFixed(2)} s = ${((cpuSeconds / EVENTS) * 1000).toFixed(3)} CPU-s per 1,000 (attempts ${attempts}; acceptance of ${EVENTS} events ${Math.round((EVENTS / acceptMs) * 1000)}/s)`;
  } finally {
    await store.close();
    if (mode.bus) await NatsQueue.deleteStream(mode.bus, stream).catch(() => undefined);
    await location.dispose();
  }
}

/** Events sent over HTTP (POST /v1/events) at a fixed rate; latency from acceptance to the first attempt. */
export async function latency(mode: Mode, receiverUrl: string): Promise<string> {
  const location = await freshLocation(mode.engine);
  const stream = `ILK_BENCH_${randomBytes(4).toString('hex').toUpperCase()}`;
  const secret = newWebhookSecret();
  const latencies: number[] = [];
  const total = RATE * RATE_SECONDS;
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  const rt = await startRuntime({
    ...location.location,
    port: 0,
    rateLimits: false,
    delivery: {
      config: { secrets: () => secret, maxInFlight: 512 },
      ...(mode.bus ? { bus: mode.bus, stream } : {}),
      onAttempt: (job, report) => {
        if (job.attempt !== 1) return;
        latencies.push(report.startedAt.getTime() - Date.parse(job.createdAt));
        if (latencies.length === total) done();
      },
    },
  });
  try {
    await putIntegration(rt.store, 'bench-hooks', integrationSpec(receiverUrl, { subscribe: ['bench.*'], concurrency: 100 }));
    const client = new RuntimeClient({ url: rt.url, token: (await rt.store.createToken('operator', new Date())).token });
    await client.sendEvent({ type: 'bench.warmup', data: {} });
    const start = performance.now();
    const sends: Promise<unknown>[] = [];
    let failed = 0;
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      sends.push(client.sendEvent({ type: 'bench.created', data: { i } }).catch((error: unknown) => { if (failed++ === 0) console.error(`first failed send: ${String((error as Error).message)} cause: ${String(((error as Error).cause as Error | undefined)?.cause ?? (error as Error).cause)}`); }));
    }
    await Promise.all(sends);
    const sendSeconds = (performance.now() - start) / 1000;
    await Promise.race([finished, new Promise((r) => setTimeout(r, 30_000))]);
    const sorted = [...latencies].sort((a, b) => a - b);
    return `delivery ${mode.label}: ${total} events at ${RATE}/s over HTTP (sent in ${sendSeconds.toFixed(2)} s, ${failed} failed): acceptance → first attempt p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms (${latencies.length} first attempts; goal p99 < 100 ms)`;
  } finally {
    await rt.close();
    if (mode.bus) await NatsQueue.deleteStream(mode.bus, stream).catch(() => undefined);
    await location.dispose();
  }
}

/**
 * Deliveries per second to a local receiver (embedded store, PostgreSQL, NATS JetStream over PostgreSQL)
 * and acceptance-to-first-attempt latency at a fixed 500 events/s. Goals: >= 2,000 deliveries/s embedded,
 * p99 < 100 ms at 500/s.
 */
export async function run(): Promise<void> {
  const receiver = await spawnReceiver();
  try {
    const modes: Mode[] = [
      { label: 'embedded', engine: 'embedded' },
      { label: 'postgres', engine: 'postgres' },
      { label: 'nats (postgres outbox)', engine: 'postgres', bus: NATS },
    ];
    for (const mode of modes) {
      try {
        console.log(await throughput(mode, receiver.url));
      } catch (error) {
        console.log(`delivery ${mode.label}: throughput skipped (${(error as Error).message})`);
      }
    }
    for (const mode of modes) {
      try {
        console.log(await latency(mode, receiver.url));
      } catch (error) {
        console.log(`delivery ${mode.label}: latency skipped (${(error as Error).message})`);
      }
    }
  } finally {
    receiver.child.kill();
  }
}
