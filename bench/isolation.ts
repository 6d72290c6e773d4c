import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { spawnReceiver } from './delivery.js';
import { sendWebhook, type SendRequest } from '../src/runtime/delivery/http-sender.js';
import { AdapterActionCaller } from '../src/runtime/actions/adapter-caller.js';
import type { ActionCallRequest } from '../src/runtime/actions/caller.js';
import { IsolatedActionCaller } from '../src/runtime/isolation/isolated-action-caller.js';
import { ConnectorWorker } from '../src/runtime/isolation/connector-worker.js';
import { isolatedSender } from '../src/runtime/isolation/isolated-sender.js';
import { IsolationPool } from '../src/runtime/isolation/pool.js';
import type { ReadyMessage, ReplyMessage } from '../src/runtime/isolation/protocol.js';
import { isolationFile } from '../src/runtime/isolation/worker-files.js';

/**
 * `npm run bench -- isolation`: what running a connector in its own isolate costs, measured for both
 * candidates (a worker thread with resourceLimits, a child process over advanced-serialisation IPC):
 * start-up to first answer, round-trip of a call that does nothing, resident memory per isolate; then the
 * p99 latency isolation adds to a webhook POST to a loopback receiver (the runtime's path).
 */
const CALLS = Number(process.env.BENCH_ISOLATION_CALLS ?? 2000);
const ISOLATES = 8;
const PAYLOAD = { type: 'incident.created', data: { id: 'INC0010001', summary: 'x'.repeat(400) } };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const ms = (n: number) => `${n.toFixed(3)} ms`;
const rssMb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;

async function timeCalls(call: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 200; i++) await call(); // warm-up
  const out: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    await call();
    out.push(performance.now() - t);
  }
  return out.sort((a, b) => a - b);
}

function procRssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

async function workers(): Promise<string[]> {
  const entry = isolationFile('worker-main');
  const module = isolationFile('builtin-connector').href;
  global.gc?.();
  const before = procRssKb(process.pid);
  const starts: number[] = [];
  const list: ConnectorWorker[] = [];
  for (let i = 0; i < ISOLATES; i++) {
    const t = performance.now();
    const w = new ConnectorWorker(entry, { module }, { maxOldGenerationSizeMb: 128, startTimeoutMs: 60_000 }, () => undefined);
    await w.call('echo', 1, 60_000);
    starts.push(performance.now() - t);
    list.push(w);
  }
  const perIsolate = (procRssKb(process.pid) - before) / ISOLATES;
  const rtt = await timeCalls(() => list[0].call('echo', PAYLOAD, 10_000));
  await Promise.all(list.map((w) => w.close()));
  starts.sort((a, b) => a - b);
  return [
    `worker thread: start to first answer p50 ${ms(percentile(starts, 50))} (max ${ms(starts[starts.length - 1])}, ${ISOLATES} started)`,
    `worker thread: call round-trip p50 ${ms(percentile(rtt, 50))}, p99 ${ms(percentile(rtt, 99))} (${CALLS} calls, 0.5 KB payload)`,
    `worker thread: resident memory ${rssMb(perIsolate)} per isolate (process RSS growth / ${ISOLATES})`,
  ];
}

async function children(): Promise<string[]> {
  const entry = isolationFile('worker-main');
  const module = isolationFile('builtin-connector').href;
  const starts: number[] = [];
  const list: { call(args: unknown): Promise<unknown>; pid: number; kill(): void }[] = [];
  for (let i = 0; i < ISOLATES; i++) {
    const t = performance.now();
    const child = fork(entry, [JSON.stringify({ module })], { serialization: 'advanced', execArgv: ['--max-old-space-size=128'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    await new Promise<void>((resolve, reject) => child.once('message', (m: ReadyMessage) => (m.ready ? resolve() : reject(new Error(m.error)))));
    let next = 1;
    const pending = new Map<number, (v: unknown) => void>();
    child.on('message', (m: ReplyMessage) => pending.get(m.id)?.(m.ok ? m.value : m.error));
    const call = (args: unknown) =>
      new Promise<unknown>((resolve) => {
        const id = next++;
        pending.set(id, (v) => {
          pending.delete(id);
          resolve(v);
        });
        child.send({ id, op: 'echo', args });
      });
    await call(1);
    starts.push(performance.now() - t);
    list.push({ call, pid: child.pid!, kill: () => child.kill() });
  }
  const perIsolate = list.reduce((sum, c) => sum + procRssKb(c.pid), 0) / ISOLATES;
  const rtt = await timeCalls(() => list[0].call(PAYLOAD));
  for (const c of list) c.kill();
  starts.sort((a, b) => a - b);
  return [
    `child process: start to first answer p50 ${ms(percentile(starts, 50))} (max ${ms(starts[starts.length - 1])}, ${ISOLATES} started)`,
    `child process: call round-trip p50 ${ms(percentile(rtt, 50))}, p99 ${ms(percentile(rtt, 99))} (${CALLS} calls, 0.5 KB payload)`,
    `child process: resident memory ${rssMb(perIsolate)} per isolate (each child's RSS)`,
  ];
}

/** The runtime's own path: a webhook POST in-process and through the integration's worker, sequentially. */
async function addedLatency(): Promise<string[]> {
  const receiver = await spawnReceiver();
  const url = new URL(receiver.url);
  const body = JSON.stringify(PAYLOAD);
  const req: SendRequest = { target: { url, address: '127.0.0.1', family: 4 }, headers: {}, body, timeoutMs: 10_000 };
  const pool = new IsolationPool({ startTimeoutMs: 60_000 });
  const send = isolatedSender(pool);
  try {
    const direct = await timeCalls(() => sendWebhook(req));
    const isolated = await timeCalls(() => send(req, { integration: 'bench', attempt: 1 }));
    const p = (s: number[], q: number) => percentile(s, q);
    return [
      `webhook POST in-process: p50 ${ms(p(direct, 50))}, p99 ${ms(p(direct, 99))} (${CALLS} sequential, loopback receiver)`,
      `webhook POST isolated (worker thread): p50 ${ms(p(isolated, 50))}, p99 ${ms(p(isolated, 99))}`,
      `isolation adds: p50 ${ms(p(isolated, 50) - p(direct, 50))}, p99 ${ms(p(isolated, 99) - p(direct, 99))}`,
    ];
  } finally {
    await pool.close();
    receiver.child.kill();
  }
}

/** An action's vendor call through the adapter runtime's transport, in-process and through the integration's worker. */
async function actionLatency(): Promise<string[]> {
  const receiver = await spawnReceiver();
  const request = (attempt: number): ActionCallRequest => ({
    callId: `bench-${attempt}`,
    attempt,
    integration: 'bench',
    spec: { vendor: 'bench', endpoint: { baseUrl: receiver.url, localTesting: true, timeoutMs: 10_000 }, auth: { type: 'apiKey', in: 'header', name: 'X-Api-Key', value: 'env:BENCH_KEY' } },
    operation: { operationId: 'createIncident', method: 'POST', path: '/incidents', params: [], body: { contentType: 'application/json', required: true } },
    input: { body: PAYLOAD },
  });
  const direct = new AdapterActionCaller({ secrets: () => 'bench-key', allowAddresses: [] });
  const pool = new IsolationPool({ startTimeoutMs: 60_000, secret: async () => ({ ok: true, value: 'bench-key' }) });
  const isolated = new IsolatedActionCaller(pool, []);
  try {
    let n = 0;
    const a = await timeCalls(() => direct.callOperation(request(++n)));
    const b = await timeCalls(() => isolated.callOperation(request(++n)));
    return [
      `action call in-process (adapter transport): p50 ${ms(percentile(a, 50))}, p99 ${ms(percentile(a, 99))} (${CALLS} sequential, loopback receiver)`,
      `action call isolated (worker thread): p50 ${ms(percentile(b, 50))}, p99 ${ms(percentile(b, 99))}`,
      `isolation adds to an action call: p50 ${ms(percentile(b, 50) - percentile(a, 50))}, p99 ${ms(percentile(b, 99) - percentile(a, 99))}`,
    ];
  } finally {
    await pool.close();
    receiver.child.kill();
  }
}

export async function run(): Promise<void> {
  for (const line of [...(await workers()), ...(await children()), ...(await addedLatency()), ...(await actionLatency())]) console.log(line);
}
