import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';
import { TestReceiver } from '../../../test/support/test-receiver.js';
import { configSecretResolver } from '../delivery/secret-refs.js';
import { FAST_RETRY, integrationSpec, newWebhookSecret, putIntegration } from '../../../test/support/delivery-fixtures.js';
import type { LogEntry } from '../log.js';
import { isolationFile } from './worker-files.js';

/** Misbehaves on a delivery's first attempt, then sends through the built-in connector. */
const fixture = (mode: string) => {
  const url = new URL('./__fixtures__/misbehaving-connector.mjs', import.meta.url);
  url.searchParams.set('mode', mode);
  url.searchParams.set('builtin', isolationFile('builtin-connector').href);
  return url.href;
};

interface DeliveryView {
  id: string;
  integration: string;
  status: string;
  log: { attempt: number; status: number | null; error: string | null; outcome: string }[];
}

describe('delivery through isolated connectors (worker threads from dist/: npm run build)', () => {
  const secret = newWebhookSecret();
  const modes: Record<string, string> = { 'acme-loop': 'loop', 'acme-throw': 'throw', 'acme-oom': 'oom' };
  const logs: LogEntry[] = [];
  let receiver: TestReceiver;
  let t: TestRuntime;

  beforeAll(async () => {
    receiver = await new TestReceiver(secret).start();
    t = await startTestRuntime('embedded', {
      log: (e) => logs.push(e),
      delivery: {
        config: { retry: FAST_RETRY, pollMs: 50, secrets: configSecretResolver({ ACME_WEBHOOK_SECRET: secret }) },
        isolation: { maxMemoryMb: 32, moduleFor: (i) => (modes[i] ? fixture(modes[i]) : undefined) },
      },
    });
    await putIntegration(t.runtime.store, 'acme-good', integrationSpec(receiver.url, { subscribe: ['incident.*', 'alert.*'] }));
    for (const name of Object.keys(modes)) {
      const spec = integrationSpec(receiver.url);
      // Only the looping one is meant to reach its deadline (2 s + 1 s grace); nothing else may end the others first.
      if (name !== 'acme-loop') (spec.endpoint as Record<string, unknown>).timeoutMs = 120_000;
      await putIntegration(t.runtime.store, name, spec);
    }
  });
  afterAll(async () => {
    await t?.dispose();
    await receiver?.close();
  });

  it('a connector that loops, one that throws and one that exhausts its heap fail their attempt, are retried in a fresh worker, and the others keep delivering', async () => {
    const send = async (type: string) => {
      const res = await t.fetch('/v1/events', { method: 'POST', role: 'operator', body: JSON.stringify({ type, data: { type } }) });
      return ((await res.json()) as { deliveries: { id: string; integration: string }[] }).deliveries;
    };
    const first = await send('incident.created');
    expect(first.map((d) => d.integration).sort()).toEqual(['acme-good', 'acme-loop', 'acme-oom', 'acme-throw']);
    // The well-behaved integration delivers while the others misbehave (the looping one holds its worker
    // until its deadline), and keeps delivering new events.
    const good = first.find((d) => d.integration === 'acme-good')!;
    await receiver.until(() => receiver.deliveredIds().has(good.id));
    const [second] = await send('alert.raised');
    expect(second.integration).toBe('acme-good');
    await receiver.until(() => receiver.deliveredIds().has(second.id));

    // Each misbehaving one is delivered on its second attempt, in a fresh worker where the first died.
    await receiver.until(() => first.every((d) => receiver.deliveredIds().has(d.id)));
    await t.runtime.services.delivery!.idle();
    const view = async (integration: string) =>
      ((await (await t.fetch(`/v1/deliveries?integration=${integration}`, { role: 'operator' })).json()) as { deliveries: DeliveryView[] }).deliveries.find((d) => first.some((f) => f.id === d.id))!;
    const firstAttempt = async (integration: string) => {
      const d = await view(integration);
      return { status: d.status, attempts: d.log.map((l) => [l.attempt, l.status, l.outcome]), error: d.log[0].error };
    };
    expect(await firstAttempt('acme-loop')).toEqual({ status: 'delivered', attempts: [[1, null, 'retry'], [2, 204, 'delivered']], error: 'connector timeout: send did not answer within 3000 ms; worker terminated' });
    expect(await firstAttempt('acme-throw')).toEqual({ status: 'delivered', attempts: [[1, null, 'retry'], [2, 204, 'delivered']], error: 'connector threw: connector bug: cannot read properties of undefined' });
    const oom = await firstAttempt('acme-oom');
    expect([oom.status, oom.attempts, oom.error]).toEqual(['delivered', [[1, null, 'retry'], [2, 204, 'delivered']], expect.stringMatching(/^connector out-of-memory: /)]);

    const pool = t.runtime.services.delivery!.isolation!;
    expect(pool.stats().map((s) => [s.integration, s.starts, s.failures])).toEqual([
      ['acme-good', 1, {}],
      ['acme-loop', 2, { timeout: 1 }],
      ['acme-oom', 2, { 'out-of-memory': 1 }],
      ['acme-throw', 1, { threw: 1 }],
    ]);
    // Reported: an unhealthy line when each failed and a recovery line when its retry went through.
    const transitions = logs.filter((l) => l.check === 'isolation').map((l) => [l.integration, l.level, l.reason ?? 'recovered']);
    expect(transitions.sort()).toEqual([
      ['acme-loop', 'error', 'timeout'],
      ['acme-loop', 'info', 'recovered'],
      ['acme-oom', 'error', 'out-of-memory'],
      ['acme-oom', 'info', 'recovered'],
      ['acme-throw', 'error', 'threw'],
      ['acme-throw', 'info', 'recovered'],
    ]);
    const health = (await (await t.fetch('/v1/integrations/health', { role: 'auditor' })).json()) as { healthy: boolean };
    expect(health.healthy).toBe(true);
  });
});
