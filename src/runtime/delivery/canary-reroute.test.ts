import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';
import { integrationSpec, newWebhookSecret, putIntegration } from '../../../test/support/delivery-fixtures.js';
import { TestReceiver } from '../../../test/support/test-receiver.js';

/** First attempt at once, the retry ten minutes later: a failed delivery stays pending for the whole test. */
const SLOW_RETRY = { delaysMs: [0, 600_000], jitter: 0, maxRetryAfterMs: 1000 };

describe('deliveries of a canary that ends go to the stable spec (embedded store, loopback receivers)', () => {
  let t: TestRuntime;
  let stable: TestReceiver;
  let canary: TestReceiver;
  const secret = newWebhookSecret();
  beforeAll(async () => {
    stable = await new TestReceiver(secret).start();
    canary = await new TestReceiver(secret).start();
    t = await startTestRuntime('embedded', { delivery: { config: { retry: SLOW_RETRY, pollMs: 50, secrets: () => secret } } });
    await putIntegration(t.runtime.store, 'acme-hooks', integrationSpec(stable.url, { subscribe: ['incident.*'] }));
  });
  afterAll(async () => {
    await t?.dispose();
    await stable?.close();
    await canary?.close();
  });

  const send = async (data: unknown) => ((await (await t.fetch('/v1/events', { method: 'POST', role: 'operator', body: JSON.stringify({ type: 'incident.created', data }) })).json()) as { deliveries: { id: string; variant: string }[] }).deliveries[0];
  const setCanary = (percent: number) => t.fetch('/v1/deliveries/canaries/acme-hooks', { method: 'PUT', role: 'admin', body: JSON.stringify({ percent, spec: integrationSpec(canary.url, { subscribe: ['incident.*'] }) }) });
  const delivery = async (id: string) => (await t.runtime.services.delivery!.list({ limit: 1000, integration: 'acme-hooks' })).deliveries.find((d) => d.id === id)!;

  it('re-routes pending canary deliveries to the stable target when the canary is rolled back', async () => {
    canary.reply = () => ({ status: 500 });
    expect((await setCanary(100)).status).toBe(200);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const d = await send({ i });
      expect(d.variant).toBe('canary');
      ids.push(d.id);
    }
    await canary.until(() => ids.every((id) => canary.received.some((r) => r.id === id)));
    await t.runtime.services.delivery!.idle();
    expect((await Promise.all(ids.map(delivery))).map((d) => [d.status, d.variant])).toEqual(ids.map(() => ['pending', 'canary']));

    expect((await t.fetch('/v1/deliveries/canaries/acme-hooks', { method: 'DELETE', role: 'admin' })).status).toBe(204);
    await stable.until(() => ids.every((id) => stable.deliveredIds().has(id)));
    await t.runtime.services.delivery!.idle();
    expect((await Promise.all(ids.map(delivery))).map((d) => [d.status, d.variant])).toEqual(ids.map(() => ['delivered', 'stable']));
    const cleared = (await t.runtime.store.audit(0, 10_000)).entries.filter((e) => e.action === 'deleteCanary').at(-1)!;
    expect([...(cleared.data.reroutedToStable as string[])].sort()).toEqual([...ids].sort());
  });

  it('replays a canary delivery after the canary ended to the stable target', async () => {
    canary.reply = () => ({ status: 204 });
    expect((await setCanary(100)).status).toBe(200);
    const d = await send({ replay: true });
    await canary.until(() => canary.deliveredIds().has(d.id));
    await t.runtime.services.delivery!.idle();
    expect((await delivery(d.id)).status).toBe('delivered');
    expect((await t.fetch('/v1/deliveries/canaries/acme-hooks', { method: 'DELETE', role: 'admin' })).status).toBe(204);

    const canaryHits = canary.received.filter((r) => r.id === d.id).length;
    const replay = await t.fetch(`/v1/deliveries/${d.id}/replay`, { method: 'POST', role: 'operator', body: '{}' });
    expect(replay.status).toBe(202);
    expect(((await replay.json()) as { replayed: { id: string; variant: string }[] }).replayed).toEqual([{ id: d.id, integration: 'acme-hooks', variant: 'stable' }]);
    await stable.until(() => stable.deliveredIds().has(d.id));
    await t.runtime.services.delivery!.idle();
    expect(canary.received.filter((r) => r.id === d.id)).toHaveLength(canaryHits);
    expect(await delivery(d.id)).toMatchObject({ status: 'delivered', variant: 'stable' });
  });
});
