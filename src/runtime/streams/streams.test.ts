import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshStore } from '../../../test/support/stores.js';
import { startRuntime } from '../start.js';
import type { SecretLookup } from '../delivery/secret-refs.js';
import type { Store } from '../store/store.js';
import { HEADERS } from './messages.js';
import { applyStream } from '../../../test/support/stream-fixtures.js';
import { openSink } from './open-sink.js';
import type { SinkSpec, StreamSink } from './sink.js';
import { kafkaTarget, type KafkaTarget } from './testing/kafka-target.js';
import { kinesisTarget, type KinesisTarget } from './testing/kinesis-target.js';
import { pubsubTarget, type PubSubTarget } from './testing/pubsub-target.js';
import { AMQP_URL, natsReader, rabbitReader, redisReader, REDIS_URL, type EngineReader, type ReadMessage } from './stream-readers.js';

const N = 60;
const KEYS = 4;

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs; // a safety net only: the loop ends on the condition
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A sink that publishes its first batch to the engine, then fails as a crash after the send would. */
function crashingAfterFirstBatch(crashed: { count: number }) {
  return async (spec: SinkSpec, secrets: Parameters<typeof openSink>[1]): Promise<StreamSink> => {
    const real = await openSink(spec, secrets);
    return {
      engine: real.engine,
      async publish(batch) {
        await real.publish(batch);
        crashed.count++;
        throw new Error('crash before the cursor moved');
      },
      close: () => real.close(),
    };
  };
}

interface Engine {
  name: 'nats' | 'redis' | 'rabbitmq' | 'kafka' | 'kinesis' | 'pubsub';
  sink(unique: string): Record<string, unknown>;
  reader(unique: string): Promise<EngineReader>;
  /** Whether a resent batch is dropped by the engine. */
  dedupes: boolean;
  /** The runtime's secret lookup for the sink's references. */
  secrets?(): SecretLookup;
}

let kafka: KafkaTarget | undefined;
let kinesis: KinesisTarget | undefined;
let pubsub: PubSubTarget | undefined;
beforeAll(async () => {
  kafka = await kafkaTarget();
  console.info(`kafka: publishing to ${kafka.description}`);
  kinesis = await kinesisTarget();
  console.info(`kinesis: publishing to ${kinesis.description}`);
  pubsub = await pubsubTarget();
  console.info(`pubsub: publishing to ${pubsub.description}`);
});
afterAll(async () => {
  await kafka?.close();
  await kinesis?.close();
  await pubsub?.close();
});

const ENGINES: Engine[] = [
  { name: 'nats', sink: (u) => ({ nats: { servers: ['nats://127.0.0.1:4222'], stream: `IL_${u}`, subject: `il.${u}` } }), reader: (u) => natsReader(`IL_${u}`), dedupes: true },
  { name: 'redis', sink: (u) => ({ redis: { url: REDIS_URL, stream: `il:${u}` } }), reader: (u) => redisReader(`il:${u}`), dedupes: true },
  { name: 'rabbitmq', sink: (u) => ({ rabbitmq: { url: AMQP_URL, exchange: `il.${u}` } }), reader: (u) => rabbitReader(`il.${u}`), dedupes: false },
  // A batch resent after the crash is a new producer session: appended again, dropped by consumers on the event id.
  { name: 'kafka', sink: (u) => ({ kafka: { brokers: kafka!.brokers, topic: `il.${u}` } }), reader: (u) => kafka!.reader(`il.${u}`), dedupes: false },
  // The fake on loopback; a resent batch is appended again, consumers drop repeats by the event id in the envelope.
  { name: 'kinesis', sink: (u) => ({ kinesis: kinesis!.spec(`il-${u}`) }), reader: (u) => kinesis!.reader(`il-${u}`), dedupes: false, secrets: () => kinesis!.secrets },
  // The gRPC fake in emulator mode; Pub/Sub de-duplicates nothing on publish, consumers drop repeats by the event id attribute.
  { name: 'pubsub', sink: (u) => ({ pubsub: pubsub!.spec(`il-${u}`) }), reader: (u) => pubsub!.reader(`il-${u}`), dedupes: false },
];

describe.each(ENGINES)('stream sink $name (the real engine on loopback; Kafka: a real broker or the fake, Kinesis and Pub/Sub: fakes, see the output)', (engine) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let reader: EngineReader;
  const unique = `t${randomBytes(5).toString('hex')}`;
  const integration = `shipments-${engine.name}`;

  beforeAll(async () => {
    ({ store, dispose } = await freshStore('embedded'));
    reader = await engine.reader(unique);
  });
  afterAll(async () => {
    await reader?.close();
    await dispose?.();
  });

  it('publishes accepted events in order per key with DataContract bodies and classification headers; a restart after a crash mid-batch loses none', async () => {
    await applyStream(store, integration, {
      dataContract: 'shipments',
      source: { events: ['shipment.**'], fields: { shipment_number: 'data.shipmentNumber', updated_at: 'acceptedAt' } },
      key: 'shipment_number',
      restricted: 'mask',
      sink: engine.sink(unique),
    });
    const crashed = { count: 0 };
    const common = { port: 0, scheduler: false as const, exports: false as const, store };
    const secrets = engine.secrets ? { secrets: engine.secrets() } : {};
    const first = await startRuntime({ ...common, streams: { ...secrets, pollMs: 20, settleMs: 0, batchSize: 25, retryDelaysMs: [60_000], openSink: crashingAfterFirstBatch(crashed) } });
    const accepted: string[] = [];
    for (let i = 0; i < N; i++) {
      const type = i % 10 === 9 ? 'invoice.created' : 'shipment.scanned';
      const out = await first.services.delivery!.accept({ type, data: { shipmentNumber: `SHP-${i % KEYS}`, status: `s${i}`, weight_kg: i, customs_id: `CUS${i}`, consignee_email: `c${i}@example.com` } });
      if (type !== 'invoice.created') accepted.push(out.eventId);
    }
    first.services.streams!.wake();
    await until('the first (crashing) attempt', async () => crashed.count > 0);
    const [failed] = await first.services.streams!.status();
    await first.close();
    expect(failed.failures).toBeGreaterThan(0);
    expect(failed.lastError).toContain('crash before the cursor moved');
    expect(failed.cursor).toBeNull();

    const second = await startRuntime({ ...common, streams: { ...secrets, pollMs: 20, settleMs: 0, batchSize: 25 } });
    try {
      await until('every event published', async () => (await second.services.streams!.status())[0].published === accepted.length);
      const [status] = await second.services.streams!.status();
      expect(status).toMatchObject({ integration, engine: engine.name, failures: 0, published: accepted.length, dataContract: 'shipments', dataContractVersion: '2.3.0' });
    } finally {
      await second.close();
    }

    let got: ReadMessage[] = [];
    await until('the engine holds every event', async () => new Set((got = await reader.read()).map((m) => m.id)).size >= accepted.length);
    const ids = got.map((m) => m.id);
    expect(new Set(ids)).toEqual(new Set(accepted));
    if (engine.dedupes) expect(ids.length).toBe(accepted.length);
    else expect(ids.length).toBeGreaterThan(accepted.length); // the crashed batch went out twice
    console.info(`${engine.name}: ${accepted.length} events, ${ids.length} messages in the engine (${engine.dedupes ? 'resent batch de-duplicated' : 'resent batch delivered again'})`);

    // Per key, the first occurrences keep acceptance order.
    for (let k = 0; k < KEYS; k++) {
      const firsts = [...new Set(got.filter((m) => m.body.shipment_number === `SHP-${k}`).map((m) => m.id))];
      expect(firsts).toEqual(accepted.filter((id) => firsts.includes(id)));
      expect(firsts.length).toBeGreaterThan(0);
    }
    const m = got[0];
    expect(m.key.replace(/[._]/g, '')).toBe(String(m.body.shipment_number).replace(/[._]/g, ''));
    expect(m.body).toMatchObject({ status: expect.any(String), weight_kg: expect.any(Number), consignee_email: expect.stringMatching(/@example\.com$/) });
    expect(m.body.customs_id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(m.headers[HEADERS.eventId]).toBe(m.id);
    expect(m.headers[HEADERS.integration]).toBe(integration);
    expect(m.headers[HEADERS.contract]).toBe('shipments');
    expect(m.headers[HEADERS.contractVersion]).toBe('2.3.0');
    const classification = JSON.parse(m.headers[HEADERS.classification]) as Record<string, { sensitivity: string; masked?: boolean }>;
    expect(classification.consignee_email).toMatchObject({ sensitivity: 'confidential', pii: 'contact' });
    expect(classification.customs_id).toMatchObject({ sensitivity: 'restricted', masked: true });
  }, 120_000);
});
