import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeVault } from '../../../test/support/fake-vault.js';
import { TestReceiver } from '../../../test/support/test-receiver.js';
import { configSecretResolver } from '../delivery/secret-refs.js';
import { FAST_RETRY, integrationSpec, newWebhookSecret, putIntegration } from '../../../test/support/delivery-fixtures.js';
import type { LogEntry } from '../log.js';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';

const REF = 'vault:secret/data/integrations/acme#webhook_signing_secret';

/** Bad input of the connectors issue: a Vault that is down is a logged, visible runtime error, never silent. */
describe('a Vault that is down (a fake Vault on loopback, closed: ECONNREFUSED; no Vault server here)', () => {
  let receiver: TestReceiver;
  let t: TestRuntime;
  const logs: LogEntry[] = [];

  beforeAll(async () => {
    const vault = await startFakeVault();
    const address = vault.url;
    await vault.close();
    console.info(`Vault address with nothing listening: ${address}`);
    receiver = await new TestReceiver(newWebhookSecret()).start();
    t = await startTestRuntime('embedded', {
      log: (e) => logs.push(e),
      delivery: { config: { retry: FAST_RETRY, pollMs: 50, secrets: configSecretResolver({}, { address, token: 'runtime-token' }) } },
    });
    await putIntegration(t.runtime.store, 'acme-vaulted', integrationSpec(receiver.url, { secretRef: REF }));
  });
  afterAll(async () => {
    await t?.dispose();
    await receiver?.close();
  });

  it('fails each attempt naming the reference, dead-letters after the schedule, logs it and marks the integration unhealthy', async () => {
    const res = await t.fetch('/v1/events', { method: 'POST', role: 'operator', body: JSON.stringify({ type: 'incident.created', data: { id: 'INC1' } }) });
    const [delivery] = ((await res.json()) as { deliveries: { id: string }[] }).deliveries;
    type View = { id: string; status: string; log: { error: string | null; outcome: string }[] };
    const view = async () => ((await (await t.fetch('/v1/deliveries?integration=acme-vaulted', { role: 'operator' })).json()) as { deliveries: View[] }).deliveries.find((d) => d.id === delivery.id)!;
    for (let i = 0; i < 1200 && (await view()).status !== 'dead'; i++) await new Promise((r) => setTimeout(r, 50));

    const dead = await view();
    expect(dead.status).toBe('dead');
    expect(dead.log.map((l) => l.outcome)).toEqual(['retry', 'retry', 'retry', 'retry', 'dead']);
    for (const l of dead.log) expect(l.error).toMatch(/^secret vault:secret\/data\/integrations\/acme#webhook_signing_secret: Vault at http:\/\/127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED\)$/);
    expect(receiver.received).toEqual([]);

    const health = (await (await t.fetch('/v1/integrations/health', { role: 'auditor' })).json()) as {
      healthy: boolean;
      integrations: { integration: string; healthy: boolean; problems: { check: string; subject: string; reason: string; count: number }[] }[];
    };
    expect(health.healthy).toBe(false);
    const [acme] = health.integrations;
    expect([acme.integration, acme.healthy, acme.problems.map((p) => [p.check, p.subject, p.reason, p.count])]).toEqual(['acme-vaulted', false, [['secret', REF, 'unavailable', 5]]]);

    // One error line when the integration became unhealthy (not one per attempt from the health check).
    const healthLines = logs.filter((l) => l.level === 'error' && l.check === 'secret');
    expect(healthLines.map((l) => [l.integration, l.subject, l.reason])).toEqual([['acme-vaulted', REF, 'unavailable']]);
  });
});
