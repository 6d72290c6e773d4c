import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_RETRY, integrationSpec, newWebhookSecret, putIntegration } from '../../../test/support/delivery-fixtures.js';
import { TestReceiver } from '../../../test/support/test-receiver.js';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';
import { runtimeCli } from '../../../test/support/runtime-cli.js';

describe('interlock events send / deliveries list, replay, stats', () => {
  let t: TestRuntime;
  let receiver: TestReceiver;
  const secret = newWebhookSecret();

  beforeAll(async () => {
    receiver = await new TestReceiver(secret).start();
    t = await startTestRuntime('postgres', { delivery: { config: { retry: { ...FAST_RETRY, delaysMs: [0, 20] }, pollMs: 50, secrets: () => secret } } });
    await putIntegration(t.runtime.store, 'acme-hooks', integrationSpec(receiver.url));
  });
  afterAll(async () => {
    await t?.dispose();
    await receiver?.close();
  });

  const cli = runtimeCli(() => t);

  it('sends an event, lists its delivery, replays it', async () => {
    receiver.reply = () => ({ status: 500 });
    const sent = await cli('events', 'send', '--type', 'incident.created', '--data', '{"id":1}', '--idempotency-key', 'cli-1', '--format', 'json');
    expect(sent.code).toBe(0);
    const outcome = JSON.parse(sent.out) as { eventId: string; deliveries: { id: string; integration: string }[] };
    expect(outcome.deliveries.map((d) => d.integration)).toEqual(['acme-hooks']);
    const id = outcome.deliveries[0].id;
    await receiver.until(() => receiver.received.length === 2);
    await t.runtime.services.delivery!.idle();

    const listed = await cli('deliveries', 'list', '--integration', 'acme-hooks', '--status', 'dead', '--format', 'json');
    expect((JSON.parse(listed.out) as { deliveries: { id: string; attempts: number }[] }).deliveries.map((d) => [d.id, d.attempts])).toEqual([[id, 2]]);
    const text = await cli('deliveries', 'list');
    expect(text.out).toContain(`${id}  acme-hooks  incident.created  dead  2  500`);

    receiver.reply = () => ({ status: 200 });
    const replayed = await cli('deliveries', 'replay', '--id', id, '--format', 'json');
    expect((JSON.parse(replayed.out) as { replayed: { id: string }[] }).replayed.map((d) => d.id)).toEqual([id]);
    await receiver.until(() => receiver.deliveredIds().has(id));
    await t.runtime.services.delivery!.idle();
    const since = await cli('deliveries', 'replay', '--since', '2000-01-01T00:00:00Z');
    expect(since.out).toBe('replayed 0 deliveries\n');

    const stats = await cli('deliveries', 'stats', '--integration', 'acme-hooks', '--format', 'json');
    expect(JSON.parse(stats.out)).toMatchObject({ integration: 'acme-hooks', total: { attempts: 3, failures: 2 } });
  });

  it('usage mistakes and refusals exit 2 without a stack trace', async () => {
    expect((await cli('events', 'send', '--type', 'a.b', '--data', '{nope')).code).toBe(2);
    expect((await cli('deliveries', 'replay')).code).toBe(2);
    expect((await cli('deliveries', 'replay', '--id', 'x', '--since', '2020-01-01')).code).toBe(2);
    const missing = await cli('deliveries', 'replay', '--id', 'msg_nope');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('404 not-found');
    expect(missing.err).not.toMatch(/\n\s+at /);
  });
});
