import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyStream } from '../../../test/support/stream-fixtures.js';
import { redisReader, REDIS_URL, type EngineReader } from '../../runtime/streams/stream-readers.js';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';
import { runtimeCli } from '../../../test/support/runtime-cli.js';
import type { StreamView } from '../../core/streams-api.js';

const source = { events: ['shipment.*'], fields: { shipment_number: 'data.number', updated_at: 'acceptedAt' } };

describe('interlock streams status against a runtime publishing to Redis (loopback) and to an unreachable RabbitMQ', () => {
  let t: TestRuntime;
  let reader: EngineReader;
  const stream = `il:cli:${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    reader = await redisReader(stream);
    t = await startTestRuntime('embedded', { streams: { pollMs: 20, settleMs: 0, retryDelaysMs: [10] } });
    await applyStream(t.runtime.store, 'shipments-redis', { dataContract: 'shipments', source, key: 'shipment_number', sink: { redis: { url: REDIS_URL, stream } } });
    // Port 1 on loopback: nothing listens, so every attempt fails and is retried.
    await applyStream(t.runtime.store, 'shipments-down', { dataContract: 'shipments', source, key: 'shipment_number', sink: { rabbitmq: { url: 'amqp://127.0.0.1:1', exchange: 'nowhere' } } });
  });
  afterAll(async () => {
    await t?.dispose();
    await reader?.close();
  });

  const cli = runtimeCli(() => t);

  async function status(): Promise<StreamView[]> {
    const out = await cli('streams', 'status', '--format', 'json');
    expect(out.code).toBe(0);
    return (JSON.parse(out.out) as { streams: StreamView[] }).streams;
  }

  it('shows the cursor and published count of a working stream and the retried failure of a broken one', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await t.fetch('/v1/events', { method: 'POST', role: 'operator', body: JSON.stringify({ type: 'shipment.created', data: { number: `SHP-${i}`, status: 'created', weight_kg: i } }) });
      expect(res.status).toBe(202);
    }
    let list: StreamView[] = [];
    const deadline = Date.now() + 30_000; // a safety net only
    while (!((list = await status()).find((s) => s.integration === 'shipments-redis')?.published === 3 && (list.find((s) => s.integration === 'shipments-down')?.failures ?? 0) >= 2)) {
      if (Date.now() > deadline) throw new Error(`streams did not settle: ${JSON.stringify(list)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    const [down, redis] = list;
    expect(redis).toMatchObject({ integration: 'shipments-redis', engine: 'redis', dataContract: 'shipments', published: 3, failures: 0, lastError: null });
    expect(redis.cursor?.eventId).toEqual(expect.any(String));
    expect(down).toMatchObject({ integration: 'shipments-down', engine: 'rabbitmq', published: 0, cursor: null });
    expect(down.lastError).toMatch(/ECONNREFUSED/);
    expect((await reader.read()).map((m) => m.body.shipment_number)).toEqual(['SHP-0', 'SHP-1', 'SHP-2']);

    const text = await cli('streams', 'status');
    expect(text.code).toBe(0);
    const [header, ...rows] = text.out.trimEnd().split('\n');
    const cells = (line: string) => line.split(/ {2,}/);
    expect(cells(header)).toEqual(['INTEGRATION', 'ENGINE', 'DATACONTRACT', 'STATE', 'CURSOR', 'PUBLISHED', 'REJECTED', 'STATUS']);
    const redisRow = rows.find((r) => r.startsWith('shipments-redis '))!;
    expect(cells(redisRow)).toEqual(['shipments-redis', 'redis', 'shipments@2.3.0', 'enabled', expect.stringMatching(/^\S+ evt_/), '3 published', '0 rejected', 'ok']);
    // Columns line up under their headers.
    expect(redisRow.indexOf('3 published')).toBe(header.indexOf('PUBLISHED'));
    expect(rows.find((r) => r.startsWith('shipments-down '))).toMatch(/rabbitmq .*failing \(\d+\): .*ECONNREFUSED/);
  }, 60_000);
});
