import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSink } from './open-sink.js';
import { openPubSubSink, PubSubNotInstalledError } from './pubsub-sink.js';
import type { StreamMessage } from './sink.js';
import { startFakePubSub, type FakePubSub } from './testing/pubsub-fake.js';

function messages(n: number, keys: number, from = 0): StreamMessage[] {
  return Array.from({ length: n }, (_, j) => {
    const i = from + j;
    return { key: `SHP-${i % keys}`, id: `evt_${i}`, type: 'shipment.scanned', body: JSON.stringify({ shipment_number: `SHP-${i % keys}`, seq: i }), headers: { 'interlock-event-id': `evt_${i}`, 'interlock-contract': 'shipments' } };
  });
}

describe('Pub/Sub sink against the gRPC Pub/Sub fake on loopback', () => {
  let fake: FakePubSub;
  beforeAll(async () => {
    fake = await startFakePubSub();
    console.info(`pubsub sink test: the gRPC Pub/Sub fake on ${fake.endpoint} (no emulator or Google API is used here)`);
  });
  afterAll(() => fake.close());
  const spec = (topic: string) => ({ pubsub: { project: 'northwind-test', topic, apiEndpoint: fake.endpoint } });
  const seqsOf = (topic: string, key: string) => fake.messages('northwind-test', topic).filter((m) => m.orderingKey === key).map((m) => (JSON.parse(m.data.toString()) as { seq: number }).seq);

  it('publishes with the key as ordering key, in batch order per key, headers as attributes', async () => {
    fake.createTopic('northwind-test', 'order');
    const sink = await openSink(spec('order'), () => undefined);
    try {
      const batch = messages(40, 7);
      expect(await sink.publish(batch)).toEqual(batch.map((m) => m.id));
      expect(await sink.publish(messages(20, 7, 40))).toHaveLength(20);
    } finally {
      await sink.close();
    }
    const got = fake.messages('northwind-test', 'order');
    expect(got.map((m) => m.attributes['interlock-event-id']).sort()).toEqual(messages(60, 7).map((m) => m.id).sort());
    for (let k = 0; k < 7; k++) {
      const seqs = seqsOf('order', `SHP-${k}`);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(seqs.length).toBeGreaterThan(0);
    }
    expect(got[0].attributes).toMatchObject({ 'interlock-contract': 'shipments', 'content-type': 'application/json' });
    expect(got[0].orderingKey).toBe((JSON.parse(got[0].data.toString()) as { shipment_number: string }).shipment_number);
    for (const r of fake.publishRequests) expect(new Set(r.orderingKeys).size).toBe(1); // one ordering key per request
  });

  it('fails the batch when a publish is refused (nothing after the refused message goes out), and the resent batch goes out in order', async () => {
    fake.createTopic('northwind-test', 'refused');
    const sink = await openSink(spec('refused'), () => undefined);
    try {
      fake.failNextPublishes(1);
      await expect(sink.publish(messages(6, 1))).rejects.toThrow(/PERMISSION_DENIED|injected by the fake/);
      const resent = messages(6, 1);
      expect(await sink.publish(resent)).toEqual(resent.map((m) => m.id));
    } finally {
      await sink.close();
    }
    expect(seqsOf('refused', 'SHP-0')).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('fails to open when the topic does not exist', async () => {
    await expect(openSink(spec('missing'), () => undefined)).rejects.toThrow('Pub/Sub topic projects/northwind-test/topics/missing does not exist');
  });

  it('answers a missing @google-cloud/pubsub with a located configuration error naming the package', async () => {
    const absent = Object.assign(new Error("Cannot find package '@google-cloud/pubsub' imported from pubsub-sink.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    const opening = openPubSubSink(spec('order').pubsub, { load: () => Promise.reject(absent) });
    await expect(opening).rejects.toBeInstanceOf(PubSubNotInstalledError);
    await expect(opening).rejects.toMatchObject({ pointer: '/spec/stream/sink/pubsub', cause: absent });
    await expect(opening).rejects.toThrow('/spec/stream/sink/pubsub needs the optional package @google-cloud/pubsub, which is not installed: run `npm install @google-cloud/pubsub@^5.3.1`');
    const broken = new Error('some other failure');
    await expect(openPubSubSink(spec('order').pubsub, { load: () => Promise.reject(broken) })).rejects.toBe(broken);
  });
});
