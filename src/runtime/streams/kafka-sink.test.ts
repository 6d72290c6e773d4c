import { createServer, type AddressInfo } from 'node:net';
import { murmur2 } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSink } from './open-sink.js';
import type { StreamMessage } from './sink.js';
import { startFakeKafkaBroker, type FakeKafkaBroker } from './testing/kafka-fake-broker.js';

function messages(n: number, keys: number, from = 0): StreamMessage[] {
  return Array.from({ length: n }, (_, j) => {
    const i = from + j;
    return { key: `SHP-${i % keys}`, id: `evt_${i}`, type: 'shipment.scanned', body: JSON.stringify({ shipment_number: `SHP-${i % keys}`, seq: i }), headers: { 'interlock-event-id': `evt_${i}`, 'interlock-contract': 'shipments' } };
  });
}

describe('Kafka sink against the protocol-level fake broker on loopback', () => {
  let broker: FakeKafkaBroker;
  beforeAll(async () => {
    broker = await startFakeKafkaBroker({ partitions: 4 });
    console.info(`kafka sink test: the fake Kafka broker on ${broker.bootstrap} (no real broker is used here)`);
  });
  afterAll(() => broker.close());

  it('puts each key on the partition the Java client would pick, in batch order, with the headers and JSON bodies', async () => {
    const sink = await openSink({ kafka: { brokers: [broker.bootstrap], topic: 'order' } }, () => undefined);
    try {
      const batch = messages(40, 7);
      expect(await sink.publish(batch)).toEqual(batch.map((m) => m.id));
      expect(await sink.publish(messages(20, 7, 40))).toHaveLength(20);
    } finally {
      await sink.close();
    }
    const records = broker.records('order');
    expect(records.map((r) => r.headers['interlock-event-id']).sort()).toEqual(messages(60, 7).map((m) => m.id).sort());
    for (let k = 0; k < 7; k++) {
      const key = `SHP-${k}`;
      const mine = records.filter((r) => r.key === key);
      expect(new Set(mine.map((r) => r.partition))).toEqual(new Set([(murmur2(Buffer.from(key)) & 0x7fffffff) % 4]));
      const seqs = mine.map((r) => (JSON.parse(r.value!) as { seq: number }).seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
    expect(new Set(records.map((r) => r.partition)).size).toBeGreaterThan(1);
    expect(records[0].headers).toMatchObject({ 'interlock-contract': 'shipments', 'content-type': 'application/json' });
  });

  it.each([
    ['a refused append', false],
    ['a lost acknowledgement (appended, then failed)', true],
  ])('retries %s inside the idempotent producer without duplicating a message', async (_, afterAppend) => {
    const topic = `retry-${String(afterAppend)}`;
    const sink = await openSink({ kafka: { brokers: [broker.bootstrap], topic } }, () => undefined);
    try {
      expect(await sink.publish(messages(3, 1))).toHaveLength(3);
      const before = broker.produceRequests;
      broker.failProduce(1, { afterAppend });
      const batch = messages(10, 1, 3);
      expect(await sink.publish(batch)).toEqual(batch.map((m) => m.id));
      expect(broker.produceRequests - before).toBe(2); // the resend carried the same producer id and sequence
    } finally {
      await sink.close();
    }
    expect(broker.records(topic).map((r) => r.headers['interlock-event-id'])).toEqual(messages(13, 1).map((m) => m.id));
  });

  it('fails to open when no broker answers, and when a SASL secret is not set', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(openSink({ kafka: { brokers: [`127.0.0.1:${port}`], topic: 't' } }, () => undefined)).rejects.toThrow();
    await expect(
      openSink({ kafka: { brokers: [broker.bootstrap], topic: 't', sasl: { mechanism: 'plain', username: 'env:KAFKA_USER', password: 'env:KAFKA_PASS' } } }, () => undefined),
    ).rejects.toThrow('secret env:KAFKA_USER is not set');
  });
});
