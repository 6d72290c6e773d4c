import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packageRoot } from '../src/runtime/package-files.js';
import { startRuntime } from '../src/runtime/start.js';
import type { Store } from '../src/runtime/store/store.js';
import { HEADERS } from '../src/runtime/streams/messages.js';
import { natsReader, type EngineReader, type ReadMessage } from '../src/runtime/streams/stream-readers.js';
import { kafkaTarget, type KafkaTarget } from '../src/runtime/streams/testing/kafka-target.js';
import { freshStore } from './support/stores.js';

interface Manifest {
  metadata: { name: string };
  spec: Record<string, unknown> & { stream: Record<string, unknown> & { sink: Record<string, Record<string, unknown>> } };
}

const example = (file: string) => parse(readFileSync(path.join(packageRoot(), file), 'utf8')) as Manifest;

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs; // a safety net only: the loop ends on the condition
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * The example workspace's two streams as written (mapping, key, DataContract), with only the engine address
 * pointed at loopback: the Confluent example to Kafka (the fake broker, or KAFKA_BROKERS; TLS and SASL dropped
 * as the loopback broker has neither) and the Twilio example to the NATS JetStream server on 127.0.0.1:4222.
 */
describe('example streams publish shipment-events records', () => {
  let kafka: KafkaTarget;
  let store: Store;
  let dispose: () => Promise<void>;
  const readers: EngineReader[] = [];
  beforeAll(async () => {
    kafka = await kafkaTarget();
    console.info(`confluent example: publishing to ${kafka.description}; twilio example: NATS JetStream on 127.0.0.1:4222`);
    ({ store, dispose } = await freshStore('embedded'));
  });
  afterAll(async () => {
    for (const r of readers) await r.close();
    await dispose?.();
    await kafka?.close();
  });

  it('the Confluent example to Kafka and the Twilio example to NATS JetStream, keyed by shipment number, with the DataContract body and classification', async () => {
    const u = randomBytes(4).toString('hex');
    const confluent = example('integrations/confluent/confluent-shipment-events.yaml');
    const twilio = example('integrations/twilio/twilio-delivery-notifications.yaml');
    const dc = example('contracts/shipment-events.datacontract.yaml');
    const topic = `${String(confluent.spec.stream.sink.kafka.topic)}.${u}`;
    confluent.spec.stream.sink = { kafka: { brokers: kafka.brokers, topic } };
    const natsStream = `${String(twilio.spec.stream.sink.nats.stream)}_${u}`;
    twilio.spec.stream.sink = { nats: { ...twilio.spec.stream.sink.nats, servers: ['nats://127.0.0.1:4222'], stream: natsStream, subject: `${String(twilio.spec.stream.sink.nats.subject)}.${u}` } };
    const kafkaReader = await kafka.reader(topic);
    const natsRead = await natsReader(natsStream);
    readers.push(kafkaReader, natsRead);
    await store.apply(
      {
        expectedRevision: await store.revision(),
        changes: [
          { action: 'create', kind: 'DataContract', name: dc.metadata.name, spec: dc.spec },
          { action: 'create', kind: 'Integration', name: confluent.metadata.name, spec: confluent.spec },
          { action: 'create', kind: 'Integration', name: twilio.metadata.name, spec: twilio.spec },
        ],
      },
      { actor: 'test', now: new Date() },
      { actor: 'test', action: 'applyChanges', target: 'state', data: {} },
    );

    const runtime = await startRuntime({ store, port: 0, scheduler: false, exports: false, streams: { pollMs: 20, settleMs: 0, batchSize: 50 } });
    const all: string[] = [];
    const notified: string[] = [];
    try {
      const types = ['shipment.scanned', 'shipment.out-for-delivery', 'shipment.delivered', 'shipment.delivery.failed'];
      for (let i = 0; i < 40; i++) {
        const type = types[i % types.length];
        const { eventId } = await runtime.services.delivery!.accept({
          type,
          data: { shipmentNumber: `SHP-${i % 3}`, status: type.split('.').slice(1).join('.'), consigneeRef: `tok_${i}`, consigneePhone: '+353851234567', windowStart: '2026-03-01T10:00:00Z', windowEnd: '2026-03-01T12:00:00Z', occurredAt: '2026-03-01T09:00:00Z' },
        });
        all.push(eventId);
        if (type === 'shipment.out-for-delivery' || type === 'shipment.delivery.failed') notified.push(eventId);
      }
      runtime.services.streams!.wake();
      await until('both streams published', async () => {
        const s = await runtime.services.streams!.status();
        return s.find((x) => x.integration === confluent.metadata.name)?.published === all.length && s.find((x) => x.integration === twilio.metadata.name)?.published === notified.length;
      });
    } finally {
      await runtime.close();
    }

    let k: ReadMessage[] = [];
    let n: ReadMessage[] = [];
    await until('the engines hold every record', async () => (k = await kafkaReader.read()).length >= all.length && (n = await natsRead.read()).length >= notified.length);
    expect(new Set(k.map((m) => m.id))).toEqual(new Set(all));
    expect(n.map((m) => m.id)).toEqual(notified);
    for (const m of [...k, ...n]) {
      expect(m.body.event_id).toBe(m.id);
      expect(m.headers[HEADERS.contract]).toBe('shipment-events');
      expect(m.headers[HEADERS.contractVersion]).toBe(String(dc.spec.version));
      expect(JSON.stringify(m.body)).not.toContain('+353'); // the phone number is not a DataContract field
      const classification = JSON.parse(m.headers[HEADERS.classification]) as Record<string, { sensitivity: string }>;
      expect(Object.keys(classification)).toEqual(expect.arrayContaining(['event_id', 'shipment_number', 'consignee_token']));
    }
    expect(k.every((m) => m.key === m.body.shipment_number)).toBe(true);
    expect(k.find((m) => m.id === all[0])!.body).toMatchObject({ event_type: 'shipment.scanned', shipment_number: 'SHP-0', occurred_at: '2026-03-01T09:00:00.000Z', consignee_token: 'tok_0' });
    expect(n[0].body).toMatchObject({ event_type: 'shipment.out-for-delivery', eta_window_start: '2026-03-01T10:00:00.000Z' });
    expect(n[0].headers[HEADERS.integration]).toBe('twilio-delivery-notifications');
  }, 120_000);
});
