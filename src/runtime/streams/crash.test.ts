import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RuntimeClient } from '../../runtime-client/client.js';
import { freshLocation, type TestLocation } from '../../../test/support/stores.js';
import { packageRoot } from '../package-files.js';
import { startRuntime } from '../start.js';
import { openStore, type StoreLocation } from '../store/store.js';
import { applyStream } from './stream-fixtures.js';
import { natsReader, type EngineReader } from './stream-readers.js';

const STREAMS = { pollMs: 20, settleMs: 0, batchSize: 10 };
/**
 * The killed runtime holds back events younger than 5 s: the first ones are published, and a burst accepted
 * just before the kill is still waiting, so the kill lands with a backlog however fast the machine is.
 */
const CHILD_STREAMS = { ...STREAMS, settleMs: 5000 };

/** The runtime in its own process (from the build), so that it can be killed with SIGKILL mid-stream. */
async function spawnRuntime(location: StoreLocation): Promise<{ child: ChildProcess; url: string }> {
  const start = path.join(packageRoot(), 'dist', 'src', 'runtime', 'start.js');
  if (!existsSync(start)) throw new Error(`${start} is missing: run npm run build first`);
  const script = `
    const { startRuntime } = await import(${JSON.stringify(pathToFileURL(start).href)});
    const rt = await startRuntime({ ...${JSON.stringify(location)}, port: 0, workspace: ${JSON.stringify(packageRoot())}, scheduler: false, exports: false, streams: ${JSON.stringify(CHILD_STREAMS)} });
    console.log(JSON.stringify({ url: rt.url }));`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`runtime exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  return { child, ...(JSON.parse(line) as { url: string }) };
}

describe('kill -9 of the runtime mid-stream (NATS JetStream on loopback, embedded store)', () => {
  let location: TestLocation | undefined;
  let reader: EngineReader | undefined;
  afterEach(async () => {
    await reader?.close();
    await location?.dispose();
  });

  it('loses no accepted event: after a restart every accepted event is in the stream, once', async () => {
    const unique = `k${randomBytes(5).toString('hex')}`;
    reader = await natsReader(`IL_${unique}`);
    location = await freshLocation('embedded');
    const store = await openStore(location.location);
    await applyStream(store, 'shipments-nats', {
      dataContract: 'shipments',
      source: { events: ['shipment.**'], fields: { shipment_number: 'data.number', updated_at: 'acceptedAt' } },
      key: 'shipment_number',
      sink: { nats: { servers: ['nats://127.0.0.1:4222'], stream: `IL_${unique}`, subject: `il.${unique}` } },
    });
    const { token } = await store.createToken('operator', new Date());
    await store.close();

    const { child, url } = await spawnRuntime(location.location);
    const client = new RuntimeClient({ url, token });
    const accepted: string[] = [];
    const send = async (i: number) => (await client.sendEvent({ type: 'shipment.scanned', data: { number: `SHP-${i % 5}`, status: `s${i}`, weight_kg: i } })).eventId;
    try {
      for (let i = 0; i < 30; i++) accepted.push(await send(i));
      await vi.waitFor(async () => expect((await reader!.read()).length).toBeGreaterThanOrEqual(10), { timeout: 60_000, interval: 50 });
      for (let i = 30; i < 130; i++) accepted.push(await send(i));
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    const before = (await reader.read()).length;
    console.info(`killed with ${before} of ${accepted.length} accepted events in the stream`);
    expect(before).toBeLessThan(accepted.length);

    const restarted = await startRuntime({ ...location.location, port: 0, scheduler: false, exports: false, streams: STREAMS });
    try {
      await vi.waitFor(async () => expect(new Set((await reader!.read()).map((m) => m.id)).size).toBeGreaterThanOrEqual(accepted.length), { timeout: 60_000, interval: 50 });
      const ids = (await reader.read()).map((m) => m.id);
      expect(ids.filter((id) => accepted.includes(id))).toEqual(accepted); // all, in acceptance order
      expect(new Set(ids).size).toBe(ids.length); // a batch resent after the kill was de-duplicated by Nats-Msg-Id
    } finally {
      await restarted.close();
    }
  }, 120_000);
});
