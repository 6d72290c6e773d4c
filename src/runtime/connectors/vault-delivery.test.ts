import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeVault, type FakeVault } from '../../../test/support/fake-vault.js';
import { FAST_RETRY, integrationSpec, newWebhookSecret, putIntegration } from '../../../test/support/delivery-fixtures.js';
import { TestReceiver } from '../../../test/support/test-receiver.js';
import { configSecretResolver } from '../delivery/secret-refs.js';
import type { LogEntry } from '../log.js';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';

describe('deliveries signed with secrets from a fake Vault on loopback (KV v2, AppRole; no Vault server here)', () => {
  let vault: FakeVault;
  let receiver: TestReceiver;
  let t: TestRuntime;
  const secret = newWebhookSecret();
  const logs: LogEntry[] = [];

  beforeAll(async () => {
    vault = await startFakeVault();
    console.info(`fake Vault on ${vault.url}`);
    vault.addAppRole('runtime-role', 'runtime-secret-id', 3600);
    vault.put('secret', 'integrations/acme', { webhook_signing_secret: secret });
    receiver = await new TestReceiver(secret).start();
    t = await startTestRuntime('embedded', {
      log: (e) => logs.push(e),
      delivery: {
        config: { retry: FAST_RETRY, pollMs: 50, secrets: configSecretResolver({}, { address: vault.url, appRole: { roleId: 'runtime-role', secretId: 'runtime-secret-id' } }) },
      },
    });
    await putIntegration(t.runtime.store, 'acme-good', integrationSpec(receiver.url, { secretRef: 'vault:secret/data/integrations/acme#webhook_signing_secret' }));
    await putIntegration(t.runtime.store, 'acme-typo', integrationSpec(receiver.url, { secretRef: 'vault:secret/integrations/acme#webhook_secret' }));
  });
  afterAll(async () => {
    await t?.dispose();
    await receiver?.close();
    await vault?.close();
  });

  it('delivers with the Vault value; a missing key marks only that integration unhealthy, logged and visible through the admin API', async () => {
    const res = await t.fetch('/v1/events', { method: 'POST', role: 'operator', body: JSON.stringify({ type: 'incident.created', data: { id: 'INC1' } }) });
    const accepted = (await res.json()) as { deliveries: { id: string; integration: string }[] };
    const good = accepted.deliveries.find((d) => d.integration === 'acme-good')!;
    await receiver.until(() => receiver.deliveredIds().has(good.id));
    expect(receiver.received.find((r) => r.id === good.id)!.verified).toBe(true);
    await t.runtime.services.delivery!.idle();

    const health = (await (await t.fetch('/v1/integrations/health', { role: 'auditor' })).json()) as {
      healthy: boolean;
      integrations: { integration: string; healthy: boolean; problems: { check: string; subject: string; reason: string; detail: string }[] }[];
    };
    expect(health.healthy).toBe(false);
    expect(health.integrations.map((i) => [i.integration, i.healthy])).toEqual([
      ['acme-good', true],
      ['acme-typo', false],
    ]);
    const problem = health.integrations[1].problems[0];
    expect([problem.check, problem.subject, problem.reason]).toEqual(['secret', 'vault:secret/integrations/acme#webhook_secret', 'missing-key']);
    expect(JSON.stringify(health)).not.toContain(secret);

    // One health line per broken reference (not per attempt); each failed attempt has its own error line.
    const errors = logs.filter((l) => l.level === 'error');
    const healthLines = errors.filter((l) => l.check === 'secret');
    expect(healthLines.map((l) => [l.integration, l.subject, l.reason])).toEqual([['acme-typo', 'vault:secret/integrations/acme#webhook_secret', 'missing-key']]);
    const attemptLines = errors.filter((l) => l.deliveryId !== undefined);
    expect(attemptLines.length).toBeGreaterThan(0);
    expect(new Set(attemptLines.map((l) => l.integration))).toEqual(new Set(['acme-typo']));
    expect(errors.length).toBe(healthLines.length + attemptLines.length);
    expect(JSON.stringify(logs)).not.toContain(secret);

    const deliveries = (await (await t.fetch('/v1/deliveries?integration=acme-typo', { role: 'operator' })).json()) as { deliveries: { log: { error: string | null }[] }[] };
    expect(deliveries.deliveries[0].log[0].error).toBe('secret vault:secret/integrations/acme#webhook_secret: the secret at secret/integrations/acme has no key "webhook_secret" (keys: webhook_signing_secret)');
  });
});
