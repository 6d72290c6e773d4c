import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { builtRuntimeModule, spawnRuntimeScript } from '../../../test/support/spawned-runtime.js';
import { packageRoot } from '../package-files.js';
import { startRuntime } from '../start.js';
import { openStore, type StoreLocation } from '../store/store.js';
import { ENGINES, freshLocation, type TestLocation } from '../../../test/support/stores.js';
import { RuntimeClient } from '../../runtime-client/client.js';
import { FAST_RETRY, integrationSpec, newWebhookSecret, putIntegration } from '../../../test/support/delivery-fixtures.js';
import { TestReceiver } from '../../../test/support/test-receiver.js';

const LOCK_MS = 1500;

/** The runtime in its own process (from the build), so that it can be killed with SIGKILL mid-delivery. */
async function spawnRuntime(location: StoreLocation, secret: string): Promise<{ child: ChildProcess; url: string }> {
  const script = `
    const { startRuntime } = await import(${builtRuntimeModule('start.js')});
    const { configSecretResolver } = await import(${builtRuntimeModule('delivery/secret-refs.js')});
    const rt = await startRuntime({ ...${JSON.stringify(location)}, port: 0, workspace: ${JSON.stringify(packageRoot())},
      delivery: { config: { retry: ${JSON.stringify(FAST_RETRY)}, pollMs: 50, lockMs: ${LOCK_MS}, secrets: configSecretResolver(process.env) } } });
    console.log(JSON.stringify({ url: rt.url }));`;
  return spawnRuntimeScript<{ url: string }>(script, { ...process.env, ACME_WEBHOOK_SECRET: secret });
}

describe.each(ENGINES)('kill -9 mid-delivery on %s', (engine) => {
  let location: TestLocation | undefined;
  let receiver: TestReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    await location?.dispose();
  });

  it('loses no accepted event: after a restart every delivery arrives', async () => {
    location = await freshLocation(engine);
    const secret = newWebhookSecret();
    receiver = await new TestReceiver(secret).start();
    const store = await openStore(location.location);
    await putIntegration(store, 'acme-hooks', integrationSpec(receiver.url, { concurrency: 4 }));
    const { token } = await store.createToken('operator', new Date());
    await store.close();

    // The first three deliveries succeed; every later one is held open by the receiver, so deliveries are
    // in flight when the runtime dies, however fast or slow the machine is.
    let answered = 0;
    receiver.reply = () => (answered++ < 3 ? { status: 200 } : 'hang');
    const { child, url } = await spawnRuntime(location.location, secret);
    const client = new RuntimeClient({ url, token });
    const accepted: string[] = [];
    try {
      for (let i = 0; i < 20; i++) accepted.push(...(await client.sendEvent({ type: 'incident.created', data: { i } })).deliveries.map((d) => d.id));
      await receiver.until(() => receiver!.received.length >= 4);
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    expect(receiver.deliveredIds().size).toBe(3);

    receiver.reply = () => ({ status: 200 });
    const restarted = await startRuntime({ ...location.location, port: 0, delivery: { config: { retry: FAST_RETRY, pollMs: 50, lockMs: LOCK_MS, secrets: () => secret } } });
    try {
      // Wait on the store, not on the receiver: the receiver answers before the runtime records the
      // attempt, and the first run's three 200s may never have been recorded before the kill — their ids
      // are already "delivered" at the receiver while the store still holds them for a re-delivery once
      // the dead runtime's claims lapse (at least once). Idle workers at one instant prove nothing then.
      const delivery = restarted.services.delivery!;
      await vi.waitFor(
        async () => {
          const page = await delivery.list({ limit: 1000 });
          expect(page.deliveries.filter((d) => d.status !== 'delivered').map((d) => `${d.id}: ${d.status}`)).toEqual([]);
        },
        { timeout: 60_000, interval: 100 },
      );
      await delivery.idle();
      const page = await delivery.list({ limit: 1000 });
      expect(page.deliveries.map((d) => d.id).sort()).toEqual([...accepted].sort());
      expect(page.deliveries.every((d) => d.status === 'delivered')).toBe(true);
      expect(accepted.every((id) => receiver!.deliveredIds().has(id))).toBe(true);
      expect(receiver.received.every((r) => r.verified)).toBe(true);
    } finally {
      await restarted.close();
    }
  });
});
