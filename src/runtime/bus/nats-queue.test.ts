import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeliveryConfig } from '../delivery/model.js';
import { startDelivery } from '../delivery/service.js';
import { FAST_RETRY, integrationSpec, newWebhookSecret, putIntegration } from '../../../test/support/delivery-fixtures.js';
import { TestReceiver } from '../../../test/support/test-receiver.js';
import { freshLocation, freshStore } from '../../../test/support/stores.js';
import { keyEncryptionKey, SEALED_PREFIX } from '../store/payload-cipher.js';
import { openStore } from '../store/store.js';
import { NatsQueue } from './nats-queue.js';

const NATS = 'nats://127.0.0.1:4222';
const audit = { actor: 'test', action: 'test', target: null, data: {} };

describe('event delivery on the NATS JetStream bus', () => {
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup = [];
  });

  async function setup(config: Partial<DeliveryConfig> = {}) {
    const fresh = await freshStore('postgres');
    const stream = `ILK_TEST_${randomBytes(6).toString('hex').toUpperCase()}`;
    const secret = newWebhookSecret();
    const receiver = await new TestReceiver(secret).start();
    await putIntegration(fresh.store, 'acme-hooks', integrationSpec(receiver.url, { concurrency: 3 }));
    const secrets = (ref: string) => (ref === 'env:ACME_WEBHOOK_SECRET' ? secret : undefined);
    const open = () => startDelivery({ store: fresh.store, bus: NATS, stream, ackWaitMs: 2000, config: { retry: FAST_RETRY, pollMs: 50, secrets, ...config } });
    const service = await open();
    let current = service;
    cleanup.push(fresh.dispose, () => NatsQueue.deleteStream(NATS, stream), () => receiver.close(), () => current.close());
    return { store: fresh.store, receiver, service, stream, reopen: async () => (current = await open()) };
  }

  it('delivers signed messages through the stream', async () => {
    const { service, receiver } = await setup();
    expect(service.queue.kind).toBe('nats');
    const id = (await service.accept({ type: 'incident.created', data: { n: 1 } })).deliveries[0].id;
    await receiver.until(() => receiver.deliveredIds().has(id));
    expect(receiver.received[0].verified).toBe(true);
    await service.idle();
    expect((await service.list({ limit: 10 })).deliveries[0]).toMatchObject({ id, status: 'delivered', attempts: 1 });
  });

  it('naks with the schedule delay: a receiver down for several attempts then up gets every message once per webhook-id', async () => {
    const { service, receiver } = await setup();
    receiver.reply = ({ count }) => (count <= 3 ? { status: 503 } : { status: 200 });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await service.accept({ type: 'incident.updated', data: { i } })).deliveries[0].id);
    await receiver.until(() => receiver.deliveredIds().size === 12);
    await service.idle();
    expect([...receiver.deliveredIds()].sort()).toEqual(ids.sort());
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    const times = receiver.received.filter((r) => r.id === ids[0]).map((r) => r.at);
    expect(times).toHaveLength(4);
    for (let k = 1; k < times.length; k++) expect(times[k] - times[k - 1]).toBeGreaterThanOrEqual(FAST_RETRY.delaysMs[k] - 5);
    const log = (await service.list({ limit: 20 })).deliveries.find((d) => d.id === ids[0])!;
    expect(log.log.map((l) => [l.attempt, l.status])).toEqual([[1, 503], [2, 503], [3, 503], [4, 200]]);
  });

  it('terminates after the last attempt (dead letter) and a replay goes through the stream again', async () => {
    const { service, receiver } = await setup({ retry: { ...FAST_RETRY, delaysMs: [0, 20, 20] } });
    receiver.reply = () => ({ status: 500 });
    const id = (await service.accept({ type: 'incident.created', data: {} })).deliveries[0].id;
    await receiver.until(() => receiver.received.length === 3);
    await service.idle();
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.received).toHaveLength(3);
    expect((await service.list({ limit: 1 })).deliveries[0]).toMatchObject({ id, status: 'dead', attempts: 3 });
    receiver.reply = () => ({ status: 200 });
    await service.replay({ id }, audit);
    await receiver.until(() => receiver.deliveredIds().has(id));
  });

  it('a message accepted before a crash is relayed and delivered after the restart; duplicates are dropped by message id', async () => {
    const { service, receiver, reopen, store } = await setup();
    receiver.reply = () => 'hang';
    const id = (await service.accept({ type: 'incident.created', data: {} })).deliveries[0].id;
    await receiver.until(() => receiver.received.length === 1);
    // Forget it was published: a relay that died between publish and marking republishes; JetStream drops the copy.
    await store.db.query('UPDATE deliveries SET published = false');
    receiver.reply = () => ({ status: 200 });
    await service.close();
    const again = await reopen();
    await receiver.until(() => receiver.deliveredIds().has(id));
    await again.idle();
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received.filter((r) => r.id === id).length).toBeLessThanOrEqual(2);
    expect((await again.list({ limit: 1 })).deliveries[0].status).toBe('delivered');
  });

  it('seals delivery bodies on the broker with the store payload cipher: the raw message lacks what the receiver gets', async () => {
    const location = await freshLocation('postgres');
    const store = await openStore(location.location, { keys: { current: keyEncryptionKey(randomBytes(32)), previous: [] } });
    const stream = `ILK_TEST_${randomBytes(6).toString('hex').toUpperCase()}`;
    const secret = newWebhookSecret();
    const receiver = await new TestReceiver(secret).start();
    const nc = await connect({ servers: NATS.replace(/^nats:\/\//, '') });
    cleanup.push(location.dispose, () => store.close(), () => NatsQueue.deleteStream(NATS, stream), () => receiver.close(), () => nc.close());
    await putIntegration(store, 'acme-hooks', integrationSpec(receiver.url));
    const config = { retry: FAST_RETRY, pollMs: 50, secrets: (ref: string) => (ref === 'env:ACME_WEBHOOK_SECRET' ? secret : undefined) };
    const marker = `marker-${randomBytes(8).toString('hex')}`;
    // No workers: the relay publishes to the stream and the message stays there to be read raw.
    const relay = await startDelivery({ store, bus: NATS, stream, ackWaitMs: 2000, workers: false, config });
    const id = (await relay.accept({ type: 'incident.created', data: { email: `${marker}@example.com` } })).deliveries[0].id;
    const jsm = await jetstreamManager(nc);
    await vi.waitFor(async () => expect((await jsm.streams.info(stream)).state.messages).toBe(1), { timeout: 30_000, interval: 50 });
    await relay.close();
    const raw = (await jsm.streams.getMessage(stream, { seq: 1 }))!.string();
    const published = JSON.parse(raw) as { id: string; body: string };
    expect(published.id).toBe(id);
    expect(published.body.startsWith(SEALED_PREFIX)).toBe(true);
    expect(raw).not.toContain(marker);

    const workers = await startDelivery({ store, bus: NATS, stream, ackWaitMs: 2000, config });
    cleanup.push(() => workers.close());
    await receiver.until(() => receiver.deliveredIds().has(id));
    const [got] = receiver.received;
    expect(got.verified).toBe(true);
    expect(got.body).toContain(marker);
  });
});
