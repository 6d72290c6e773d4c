import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { builtRuntimeModule, spawnRuntimeScript } from '../../../test/support/spawned-runtime.js';
import { RuntimeClient } from '../../runtime-client/client.js';
import { freshLocation, type TestLocation } from '../../../test/support/stores.js';
import { packageRoot } from '../package-files.js';
import { startRuntime } from '../start.js';
import { openStore, type StoreLocation } from '../store/store.js';
import { applyStream } from '../../../test/support/stream-fixtures.js';
import { natsReader, type EngineReader } from './stream-readers.js';
import { kafkaTarget, type KafkaTarget } from './testing/kafka-target.js';
import { kinesisTarget, type KinesisTarget } from './testing/kinesis-target.js';

const STREAMS = { pollMs: 20, settleMs: 0, batchSize: 10 };
/**
 * The killed runtime holds back events younger than 5 s: the first ones are published, and a burst accepted
 * just before the kill is still waiting, so the kill lands with a backlog however fast the machine is.
 */
const CHILD_STREAMS = { ...STREAMS, settleMs: 5000 };

/** The runtime in its own process (from the build), so that it can be killed with SIGKILL mid-stream. */
async function spawnRuntime(location: StoreLocation): Promise<{ child: ChildProcess; url: string }> {
  const script = `
    const { startRuntime } = await import(${builtRuntimeModule('start.js')});
    const rt = await startRuntime({ ...${JSON.stringify(location)}, port: 0, workspace: ${JSON.stringify(packageRoot())}, scheduler: false, exports: false, streams: ${JSON.stringify(CHILD_STREAMS)} });
    console.log(JSON.stringify({ url: rt.url }));`;
  return spawnRuntimeScript<{ url: string }>(script);
}

let kafka: KafkaTarget | undefined;
let kinesis: KinesisTarget | undefined;
/** The runtimes resolve `file:` references without configuration: the fake's AWS credentials are files. */
let kinesisCredentials: { accessKeyId: string; secretAccessKey: string } | undefined;
let secretDir: string | undefined;
beforeAll(async () => {
  kafka = await kafkaTarget();
  console.info(`kafka: publishing to ${kafka.description}`);
  kinesis = await kinesisTarget();
  console.info(`kinesis: publishing to ${kinesis.description}`);
  secretDir = mkdtempSync(path.join(tmpdir(), 'interlock-kinesis-'));
  const refs = kinesis.spec('credential-refs').credentials!;
  kinesisCredentials = { accessKeyId: `file:${path.join(secretDir, 'key-id')}`, secretAccessKey: `file:${path.join(secretDir, 'secret')}` };
  writeFileSync(path.join(secretDir, 'key-id'), (await kinesis.secrets(refs.accessKeyId))!);
  writeFileSync(path.join(secretDir, 'secret'), (await kinesis.secrets(refs.secretAccessKey))!);
});
afterAll(async () => {
  await kafka?.close();
  await kinesis?.close();
  if (secretDir) rmSync(secretDir, { recursive: true, force: true });
});

interface Engine {
  name: string;
  sink(unique: string): Record<string, unknown>;
  reader(unique: string): Promise<EngineReader>;
  /** Whether the engine drops a batch resent after the kill (else it holds it twice). */
  dedupes: boolean;
}

const ENGINES: Engine[] = [
  { name: 'NATS JetStream on loopback', sink: (u) => ({ nats: { servers: ['nats://127.0.0.1:4222'], stream: `IL_${u}`, subject: `il.${u}` } }), reader: (u) => natsReader(`IL_${u}`), dedupes: true },
  { name: 'Kafka (a real broker or the fake, see the output)', sink: (u) => ({ kafka: { brokers: kafka!.brokers, topic: `il.${u}` } }), reader: (u) => kafka!.reader(`il.${u}`), dedupes: false },
  {
    name: 'Kinesis (the fake on loopback)',
    sink: (u) => ({ kinesis: { ...kinesis!.spec(`il-${u}`), credentials: kinesisCredentials } }),
    reader: (u) => kinesis!.reader(`il-${u}`),
    dedupes: false,
  },
];

describe.each(ENGINES)('kill -9 of the runtime mid-stream ($name, embedded store)', (engine) => {
  let location: TestLocation | undefined;
  let reader: EngineReader | undefined;
  afterEach(async () => {
    await reader?.close();
    await location?.dispose();
  });

  it('loses no accepted event: after a restart every accepted event is in the engine, in acceptance order per key', async () => {
    const unique = `k${randomBytes(5).toString('hex')}`;
    reader = await engine.reader(unique);
    location = await freshLocation('embedded');
    const store = await openStore(location.location);
    await applyStream(store, 'shipments-stream', {
      dataContract: 'shipments',
      source: { events: ['shipment.**'], fields: { shipment_number: 'data.number', updated_at: 'acceptedAt' } },
      key: 'shipment_number',
      sink: engine.sink(unique),
    });
    const { token } = await store.createToken('operator', new Date());
    await store.close();

    const { child, url } = await spawnRuntime(location.location);
    const client = new RuntimeClient({ url, token });
    const accepted: string[] = [];
    const keyOf = new Map<string, string>();
    const send = async (i: number) => {
      const { eventId } = await client.sendEvent({ type: 'shipment.scanned', data: { number: `SHP-${i % 5}`, status: `s${i}`, weight_kg: i } });
      keyOf.set(eventId, `SHP-${i % 5}`);
      return eventId;
    };
    try {
      for (let i = 0; i < 30; i++) accepted.push(await send(i));
      await vi.waitFor(async () => expect((await reader!.read()).length).toBeGreaterThanOrEqual(10), { timeout: 60_000, interval: 50 });
      for (let i = 30; i < 130; i++) accepted.push(await send(i));
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    const before = (await reader.read()).length;
    console.info(`${engine.name}: killed with ${before} of ${accepted.length} accepted events in the engine`);
    expect(before).toBeLessThan(accepted.length);

    const restarted = await startRuntime({ ...location.location, port: 0, scheduler: false, exports: false, streams: STREAMS });
    try {
      await vi.waitFor(async () => expect(new Set((await reader!.read()).map((m) => m.id)).size).toBeGreaterThanOrEqual(accepted.length), { timeout: 60_000, interval: 50 });
      const ids = (await reader.read()).map((m) => m.id);
      expect(new Set(ids)).toEqual(new Set(accepted));
      for (const key of new Set(keyOf.values())) {
        const firsts = [...new Set(ids.filter((id) => keyOf.get(id) === key))];
        expect(firsts).toEqual(accepted.filter((id) => keyOf.get(id) === key)); // all of the key's, in acceptance order
      }
      // NATS drops a batch resent after the kill by Nats-Msg-Id; Kafka and Kinesis may hold it twice (consumers drop repeats by event id).
      if (engine.dedupes) expect(ids.length).toBe(accepted.length);
    } finally {
      await restarted.close();
    }
  }, 120_000);
});
