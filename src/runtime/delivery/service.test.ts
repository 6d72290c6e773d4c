import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/chain.js';
import type { Store } from '../store/store.js';
import { ENGINES, freshStore } from '../../../test/support/stores.js';
import type { DeliveryConfig } from './model.js';
import { startDelivery, type DeliveryService } from './service.js';
import { FAST_RETRY, integrationSpec, newWebhookSecret, putIntegration } from '../../../test/support/delivery-fixtures.js';
import { TestReceiver } from '../../../test/support/test-receiver.js';

const audit = { actor: 'test', action: 'test', target: null, data: {} };

describe.each(ENGINES)('event delivery on the %s store', (engine) => {
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup = [];
  });

  async function setup(config: Partial<DeliveryConfig> = {}, spec: Parameters<typeof integrationSpec>[1] = {}) {
    const fresh = await freshStore(engine);
    const secret = newWebhookSecret();
    const receiver = await new TestReceiver(secret).start();
    await putIntegration(fresh.store, 'acme-hooks', integrationSpec(receiver.url, spec));
    const service = await startDelivery({
      store: fresh.store,
      config: { retry: FAST_RETRY, pollMs: 50, secrets: (ref) => (ref === 'env:ACME_WEBHOOK_SECRET' ? secret : undefined), ...config },
    });
    cleanup.push(fresh.dispose, () => receiver.close(), () => service.close());
    return { store: fresh.store, receiver, service, secret };
  }

  it('signs so that the standardwebhooks verifier accepts, routes by pattern and transforms', async () => {
    const { receiver, service } = await setup({}, { transform: { pick: ['id'], rename: { id: 'incidentId' }, set: { source: 'interlock' } } });
    const a = await service.accept({ type: 'incident.created', data: { id: 'INC1', secret: 'x' } });
    const b = await service.accept({ type: 'shipment.delayed', data: {} });
    expect(a.deliveries.map((d) => d.integration)).toEqual(['acme-hooks']);
    expect(b.deliveries).toEqual([]);
    await receiver.until(() => receiver.received.length === 1);
    const [got] = receiver.received;
    expect(got.verified).toBe(true);
    expect(got.id).toBe(a.deliveries[0].id);
    expect(JSON.parse(got.body)).toMatchObject({ type: 'incident.created', data: { incidentId: 'INC1', source: 'interlock' } });
    await service.idle();
    const { deliveries } = await service.list({ integration: 'acme-hooks', limit: 10 });
    expect(deliveries.map((d) => [d.id, d.status, d.attempts, d.log.map((l) => l.status)])).toEqual([[a.deliveries[0].id, 'delivered', 1, [204]]]);
  });

  it('an idempotency key stores the event once', async () => {
    const { service, receiver } = await setup();
    const first = await service.accept({ type: 'incident.created', data: { n: 1 }, idempotencyKey: 'k-1' });
    const again = await service.accept({ type: 'incident.created', data: { n: 2 }, idempotencyKey: 'k-1' });
    expect(again).toEqual({ ...first, duplicate: true });
    await receiver.until(() => receiver.received.length === 1);
    await service.idle();
    expect(receiver.received).toHaveLength(1);
  });

  it('commits concurrent events together, keeping idempotency and the audit chain', async () => {
    const { service, receiver, store } = await setup();
    const outcomes = await Promise.all([
      service.accept({ type: 'incident.created', data: { n: 1 }, idempotencyKey: 'same' }, audit),
      service.accept({ type: 'incident.created', data: { n: 2 }, idempotencyKey: 'same' }, audit),
      ...Array.from({ length: 30 }, (_, i) => service.accept({ type: 'incident.updated', data: { i } }, audit)),
    ]);
    expect(outcomes[1]).toEqual({ ...outcomes[0], duplicate: true });
    expect(new Set(outcomes.map((o) => o.eventId)).size).toBe(31);
    await receiver.until(() => receiver.deliveredIds().size === 31);
    // Workers may still be recording attempts: verify the prefix up to a head read first, which is
    // committed together with its entries.
    const head = (await store.auditHead())!;
    const entries = (await store.audit(0, 1000)).entries.filter((e) => e.seq <= head.seq);
    expect(verifyAuditChain(entries, head).ok).toBe(true);
    expect(entries.filter((e) => e.action === 'test').map((e) => e.data.eventId)).toHaveLength(32);
  });

  it('a receiver down for several attempts then up gets every message once per webhook-id, on schedule', async () => {
    const { service, receiver } = await setup({}, { concurrency: 2 });
    // Down (503, then no answer at all) for the first three attempts of every message, then up.
    receiver.reply = ({ count }) => (count <= 2 ? { status: 503 } : count === 3 ? { status: 502 } : { status: 200 });
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await service.accept({ type: 'incident.updated', data: { i } })).deliveries[0].id);
    await receiver.until(() => receiver.deliveredIds().size === 12);
    await service.idle();
    expect([...receiver.deliveredIds()].sort()).toEqual([...ids].sort());
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    // The attempts of one message are spaced at least by the schedule's delays.
    const times = receiver.received.filter((r) => r.id === ids[0]).map((r) => r.at);
    for (let k = 1; k < times.length; k++) expect(times[k] - times[k - 1]).toBeGreaterThanOrEqual(FAST_RETRY.delaysMs[k] - 5);
    const { deliveries } = await service.list({ integration: 'acme-hooks', limit: 100 });
    expect(deliveries.every((d) => d.status === 'delivered')).toBe(true);
    expect(deliveries.find((d) => d.id === ids[0])!.log.map((l) => l.outcome).slice(0, 3)).toEqual(['retry', 'retry', 'retry']);
  });

  it('dead-letters after the last attempt; replays one, or all failed since a time', async () => {
    const { service, receiver } = await setup({ retry: { ...FAST_RETRY, delaysMs: [0, 20, 20] } });
    receiver.reply = () => ({ status: 500 });
    const since = new Date(Date.now() - 1000);
    const a = (await service.accept({ type: 'incident.created', data: { n: 1 } })).deliveries[0].id;
    const b = (await service.accept({ type: 'incident.created', data: { n: 2 } })).deliveries[0].id;
    await receiver.until(() => receiver.received.length === 6);
    await service.idle();
    expect((await service.list({ status: 'dead', limit: 10 })).deliveries.map((d) => d.id).sort()).toEqual([a, b].sort());

    receiver.reply = () => ({ status: 200 });
    expect((await service.replay({ id: a }, audit)).replayed.map((d) => d.id)).toEqual([a]);
    await receiver.until(() => receiver.deliveredIds().has(a));
    await service.idle();
    expect((await service.replay({ since }, audit)).replayed.map((d) => d.id)).toEqual([b]);
    await receiver.until(() => receiver.deliveredIds().has(b));
    await service.idle();
    const log = (await service.list({ limit: 10 })).deliveries.find((d) => d.id === a)!;
    expect(log.status).toBe('delivered');
    expect(log.log.map((l) => [l.generation, l.attempt, l.status])).toEqual([[0, 1, 500], [0, 2, 500], [0, 3, 500], [1, 1, 200]]);
  });

  it('honours Retry-After', async () => {
    const { service, receiver } = await setup();
    receiver.reply = ({ count }) => (count === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 });
    const id = (await service.accept({ type: 'incident.created', data: {} })).deliveries[0].id;
    await receiver.until(() => receiver.deliveredIds().has(id));
    const [first, second] = receiver.received.map((r) => r.at);
    expect(second - first).toBeGreaterThanOrEqual(950);
  });

  it('410 Gone disables the endpoint: later events are dead-lettered until a replay re-enables it', async () => {
    const { service, receiver } = await setup();
    receiver.reply = () => ({ status: 410 });
    const a = (await service.accept({ type: 'incident.created', data: {} })).deliveries[0].id;
    await receiver.until(() => receiver.received.length === 1);
    await service.idle();
    const b = (await service.accept({ type: 'incident.created', data: {} })).deliveries[0].id;
    const stats = await service.stats('acme-hooks', 60);
    expect(stats.endpoints[0]).toMatchObject({ variant: 'stable', disabledReason: 'endpoint answered 410 Gone' });
    const dead = await service.list({ status: 'dead', limit: 10 });
    expect(dead.deliveries.map((d) => [d.id, d.lastError]).sort()).toEqual([[a, null], [b, 'endpoint disabled']].sort());
    receiver.reply = () => ({ status: 200 });
    await service.replay({ since: new Date(0) }, audit);
    await receiver.until(() => receiver.deliveredIds().size === 2);
  });

  it('disables an endpoint that has only failed for the configured period', async () => {
    const { service, receiver, store } = await setup({ disableAfterMs: 1000, retry: { ...FAST_RETRY, delaysMs: [0, 600, 600, 600, 600] } });
    receiver.reply = () => ({ status: 500 });
    const started = Date.now();
    await service.accept({ type: 'incident.created', data: {} });
    let stats = await service.stats('acme-hooks', 60);
    while (!stats.endpoints[0]?.disabledAt && Date.now() - started < 20_000) {
      await new Promise((r) => setTimeout(r, 50));
      stats = await service.stats('acme-hooks', 60);
    }
    await service.idle();
    expect(stats.endpoints[0].disabledReason).toMatch(/^only failures since/);
    // Disabled after the period, before the schedule ran out.
    expect(stats.total.attempts).toBeGreaterThanOrEqual(2);
    expect(stats.total.attempts).toBeLessThan(5);
    expect(stats.total.errorRate).toBe(1);
    expect((await service.list({ limit: 1 })).deliveries[0]).toMatchObject({ status: 'dead', lastError: 'endpoint disabled' });
    const entries = (await store.audit(0, 1000)).entries.map((e) => e.action);
    expect(entries).toContain('deliveries.endpoint-disabled');
    expect(entries).toContain('deliveries.attempted');
  });

  it('an accepted event survives a restart before its delivery', async () => {
    const fresh = await freshStore(engine);
    const secret = newWebhookSecret();
    const receiver = await new TestReceiver(secret).start();
    cleanup.push(() => receiver.close(), fresh.dispose);
    await putIntegration(fresh.store, 'acme-hooks', integrationSpec(receiver.url));
    const secrets = (ref: string) => (ref === 'env:ACME_WEBHOOK_SECRET' ? secret : undefined);
    // No workers: the process "dies" right after accepting.
    const first = await startDelivery({ store: fresh.store, workers: false, config: { retry: FAST_RETRY, secrets } });
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push((await first.accept({ type: 'incident.created', data: { i } })).deliveries[0].id);
    await first.close();
    const second = await startDelivery({ store: fresh.store, config: { retry: FAST_RETRY, secrets, pollMs: 50 } });
    cleanup.push(() => second.close());
    await receiver.until(() => receiver.deliveredIds().size === 5);
    expect([...receiver.deliveredIds()].sort()).toEqual(ids.sort());
  });

  it('limits deliveries in flight per endpoint', async () => {
    const { service, receiver } = await setup({}, { concurrency: 3 });
    let inFlight = 0;
    let most = 0;
    receiver.reply = () => {
      inFlight++;
      most = Math.max(most, inFlight);
      return 'hang';
    };
    for (let i = 0; i < 10; i++) await service.accept({ type: 'incident.created', data: { i } });
    await receiver.until(() => receiver.received.length === 3);
    await new Promise((r) => setTimeout(r, 150));
    expect(receiver.received.length).toBe(3);
    expect(most).toBe(3);
  });
});

export type { Store };
