import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKinesisSink } from './kinesis-sink.js';
import { openSink } from './open-sink.js';
import type { StreamMessage } from './sink.js';
import { startFakeKinesis, type FakeKinesis } from './testing/kinesis-fake.js';

function messages(n: number, keys: number, from = 0): StreamMessage[] {
  return Array.from({ length: n }, (_, j) => {
    const i = from + j;
    return { key: `SHP-${i % keys}`, id: `evt_${i}`, type: 'shipment.scanned', body: JSON.stringify({ shipment_number: `SHP-${i % keys}`, seq: i }), headers: { 'interlock-event-id': `evt_${i}`, 'interlock-contract': 'shipments' } };
  });
}

interface Envelope {
  headers: Record<string, string>;
  value: { shipment_number: string; seq: number };
}

const SECRETS: Record<string, string> = { 'env:AWS_KEY': 'AKIDFAKE', 'env:AWS_SECRET': 'fake-secret' };
const lookup = (ref: string) => SECRETS[ref];

describe('Kinesis sink against the Kinesis fake on loopback', () => {
  let fake: FakeKinesis;
  const spec = (stream: string) => ({ kinesis: { stream, region: 'eu-central-1', endpoint: fake.endpoint, credentials: { accessKeyId: 'env:AWS_KEY', secretAccessKey: 'env:AWS_SECRET' } } });
  const envelopes = (stream: string) => fake.records(stream).map((r) => ({ key: r.partitionKey, shard: r.shardId, ...(JSON.parse(r.data.toString()) as Envelope) }));
  beforeAll(async () => {
    fake = await startFakeKinesis();
    console.info(`kinesis sink test: the Kinesis fake on ${fake.endpoint} (no real Kinesis is used here)`);
  });
  afterAll(() => fake.close());

  it('puts each key on one shard by partition key, in batch order, as {headers, value} envelopes, one record per key per request', async () => {
    fake.createStream('order', 4);
    const sink = await openSink(spec('order'), lookup);
    try {
      const batch = messages(40, 7);
      expect(await sink.publish(batch)).toEqual(batch.map((m) => m.id));
      expect(await sink.publish(messages(20, 7, 40))).toHaveLength(20);
    } finally {
      await sink.close();
    }
    const got = envelopes('order');
    expect(got.map((e) => e.headers['interlock-event-id']).sort()).toEqual(messages(60, 7).map((m) => m.id).sort());
    for (let k = 0; k < 7; k++) {
      const mine = got.filter((e) => e.key === `SHP-${k}`);
      expect(new Set(mine.map((e) => e.shard)).size).toBe(1);
      const seqs = mine.map((e) => e.value.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(seqs.length).toBeGreaterThan(0);
    }
    expect(new Set(got.map((e) => e.shard)).size).toBeGreaterThan(1);
    expect(got[0].headers).toMatchObject({ 'interlock-contract': 'shipments', 'content-type': 'application/json' });
    expect(got[0].value.shipment_number).toBe(got[0].key);
    const requests = fake.putRequests.filter((r) => r.stream === 'order');
    for (const r of requests) expect(new Set(r.partitionKeys).size).toBe(r.partitionKeys.length);
    expect(requests[0].partitionKeys).toHaveLength(7);
  });

  it('resends only the records PutRecords failed (FailedRecordCount), before the rest of their keys, and keeps every key in order', async () => {
    fake.createStream('partial', 2);
    const sink = await openKinesisSink({ stream: 'partial', region: 'eu-central-1', endpoint: fake.endpoint }, { credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, retryDelaysMs: [1, 1, 1] });
    const before = fake.putRequests.length;
    try {
      const batch = messages(12, 3); // keys SHP-0..2, four messages each
      fake.failRecordsOfNextPut([1]); // the first request is evt_0, evt_1, evt_2: evt_1 fails, the others are appended
      expect(await sink.publish(batch)).toEqual(batch.map((m) => m.id));
    } finally {
      await sink.close();
    }
    const requests = fake.putRequests.slice(before).map((r) => r.partitionKeys);
    expect(requests[0]).toEqual(['SHP-0', 'SHP-1', 'SHP-2']);
    expect(requests[1]).toEqual(['SHP-0', 'SHP-1', 'SHP-2']); // evt_3, evt_1 (again, not evt_4), evt_5
    expect(requests).toHaveLength(5);
    const got = envelopes('partial');
    expect(got).toHaveLength(12); // nothing appended twice
    for (let k = 0; k < 3; k++) expect(got.filter((e) => e.key === `SHP-${k}`).map((e) => e.value.seq)).toEqual([k, k + 3, k + 6, k + 9]);
  });

  it('fails the batch when records keep failing, leaving each key in order up to its first unsent message', async () => {
    fake.createStream('hot', 1);
    const sink = await openKinesisSink({ stream: 'hot', region: 'eu-central-1', endpoint: fake.endpoint }, { credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, retryDelaysMs: [1, 1] });
    try {
      fake.failAllRecordsOfNextPuts(3);
      await expect(sink.publish(messages(4, 2))).rejects.toThrow(/Kinesis refused 2 of 2 records 3 times in a row \(ProvisionedThroughputExceededException/);
      expect(fake.records('hot')).toHaveLength(0);
      expect(await sink.publish(messages(4, 2))).toHaveLength(4); // the publisher's resend
    } finally {
      await sink.close();
    }
    expect(envelopes('hot').map((e) => e.value.seq)).toEqual([0, 1, 2, 3]);
  });

  it('fails to open when the stream does not exist, and when a credential secret is not set', async () => {
    await expect(openSink(spec('missing'), lookup)).rejects.toThrow(/Stream missing under account 000000000000 not found/);
    await expect(openSink(spec('order'), () => undefined)).rejects.toThrow('secret env:AWS_KEY is not set');
  });
});
