import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { insertEvents, shipmentEvents } from '../test/support/export-fixtures.js';
import { openSink } from '../src/runtime/streams/open-sink.js';
import { StreamPublisher } from '../src/runtime/streams/publisher.js';
import type { SinkSpec, StreamMessage } from '../src/runtime/streams/sink.js';
import { applyStream } from '../test/support/stream-fixtures.js';
import type { SecretLookup } from '../src/runtime/delivery/secret-refs.js';
import { kafkaTarget, type KafkaTarget } from '../src/runtime/streams/testing/kafka-target.js';
import { kinesisTarget, type KinesisTarget } from '../src/runtime/streams/testing/kinesis-target.js';
import { pubsubTarget, type PubSubTarget } from '../src/runtime/streams/testing/pubsub-target.js';
import { AMQP_URL, natsReader, rabbitReader, redisReader, REDIS_URL, type EngineReader } from '../src/runtime/streams/stream-readers.js';
import { freshStore } from '../test/support/stores.js';

const SINK_MESSAGES = 10_000;
const PUBLISHER_EVENTS = 5_000;
const BATCH = 500;
const KEYS = 100;

interface Targets {
  kafka: KafkaTarget;
  kinesis: KinesisTarget;
  pubsub: PubSubTarget;
}

const engines = ({ kafka, kinesis, pubsub }: Targets): { name: string; sink(u: string): SinkSpec; reader(u: string): Promise<EngineReader>; secrets?: SecretLookup }[] => [
  { name: 'kafka', sink: (u) => ({ kafka: { brokers: kafka.brokers, topic: `bench.${u}` } }), reader: (u) => kafka.reader(`bench.${u}`) },
  { name: 'kinesis*', sink: (u) => ({ kinesis: kinesis.spec(`bench-${u}`) }), reader: (u) => kinesis.reader(`bench-${u}`), secrets: kinesis.secrets },
  { name: 'pubsub*', sink: (u) => ({ pubsub: pubsub.spec(`bench-${u}`) }), reader: (u) => pubsub.reader(`bench-${u}`) },
  { name: 'nats', sink: (u) => ({ nats: { servers: ['nats://127.0.0.1:4222'], stream: `BENCH_${u}`, subject: `bench.${u}` } }), reader: (u) => natsReader(`BENCH_${u}`) },
  { name: 'redis', sink: (u) => ({ redis: { url: REDIS_URL, stream: `bench:${u}` } }), reader: (u) => redisReader(`bench:${u}`) },
  { name: 'rabbitmq', sink: (u) => ({ rabbitmq: { url: AMQP_URL, exchange: `bench.${u}` } }), reader: (u) => rabbitReader(`bench.${u}`) },
];

function messages(n: number): StreamMessage[] {
  return Array.from({ length: n }, (_, i) => ({
    key: `SHP-${i % KEYS}`,
    id: `evt_${i}`,
    type: 'shipment.scanned',
    body: JSON.stringify({ shipment_number: `SHP-${i % KEYS}`, status: 'in-transit', weight_kg: i / 4, updated_at: new Date(0).toISOString() }),
    headers: { 'interlock-event-id': `evt_${i}`, 'interlock-integration': 'bench', 'interlock-contract': 'shipments', 'interlock-contract-version': '2.3.0' },
  }));
}

/**
 * `npm run bench -- streams`: events/s per engine on loopback, (1) the sink alone (batches of 500, 100 keys,
 * each key sequential) and (2) the publisher end to end: accepted events read from an embedded store after the
 * cursor, mapped to DataContract rows and published until the cursor holds them all. Kafka is the fake broker on
 * loopback (in this process, so its figure includes the broker's own work) unless KAFKA_BROKERS names a real one.
 * Kinesis and Pub/Sub (marked `*`) are always the fakes on loopback, in this process: their figures are the
 * sink's and the client's cost plus the fake's, not the services'. CPU-seconds are this process's (user + system).
 */
export async function run(): Promise<void> {
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (figures are only comparable on a quiet machine)`);
  const targets = { kafka: await kafkaTarget(), kinesis: await kinesisTarget(), pubsub: await pubsubTarget() };
  console.log(`kafka: ${targets.kafka.description}`);
  console.log(`kinesis*: ${targets.kinesis.description}`);
  console.log(`pubsub*: ${targets.pubsub.description}`);
  console.log('engine'.padEnd(10) + 'sink msg/s'.padStart(12) + 'sink CPU s'.padStart(12) + 'publisher ev/s'.padStart(16) + 'publisher CPU s'.padStart(17));
  const cpuSeconds = (since: NodeJS.CpuUsage) => {
    const d = process.cpuUsage(since);
    return (d.user + d.system) / 1e6;
  };
  for (const engine of engines(targets)) {
    const secrets: SecretLookup = engine.secrets ?? (() => undefined);
    const u = `b${randomBytes(4).toString('hex')}`;
    const reader = await engine.reader(u);
    const sink = await openSink(engine.sink(u), secrets);
    const all = messages(SINK_MESSAGES);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < all.length; i += BATCH) await sink.publish(all.slice(i, i + BATCH));
    const sinkRate = SINK_MESSAGES / ((performance.now() - t0) / 1000);
    const sinkCpu = cpuSeconds(c0);
    await sink.close();
    await reader.close();

    const u2 = `p${randomBytes(4).toString('hex')}`;
    const reader2 = await engine.reader(u2);
    const { store, dispose } = await freshStore('embedded');
    await insertEvents(store.db, shipmentEvents(PUBLISHER_EVENTS, new Date(Date.now() - 86_400_000)).map((e) => ({ ...e, type: 'shipment.scanned' })));
    await applyStream(store, 'bench', { dataContract: 'shipments', source: { events: ['shipment.**'], fields: { shipment_number: 'data.shipmentNumber', updated_at: 'acceptedAt' } }, key: 'shipment_number', sink: engine.sink(u2) });
    const publisher = new StreamPublisher({ store, secrets, batchSize: BATCH, pollMs: 5, settleMs: 0 });
    const c1 = process.cpuUsage();
    const t1 = performance.now();
    publisher.start();
    while ((await publisher.status())[0]?.published !== PUBLISHER_EVENTS) await new Promise((r) => setTimeout(r, 10));
    const pubRate = PUBLISHER_EVENTS / ((performance.now() - t1) / 1000);
    const pubCpu = cpuSeconds(c1);
    await publisher.close();
    await dispose();
    await reader2.close();
    console.log(engine.name.padEnd(10) + Math.round(sinkRate).toString().padStart(12) + sinkCpu.toFixed(2).padStart(12) + Math.round(pubRate).toString().padStart(16) + pubCpu.toFixed(2).padStart(17));
  }
  console.log('* a fake on loopback in this process, not the service');
  await Promise.all([targets.kafka.close(), targets.kinesis.close(), targets.pubsub.close()]);
}
