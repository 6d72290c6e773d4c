import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrationSpec, putIntegration } from '../../../test/support/delivery-fixtures.js';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';

const SECRET = 'gh-replay-secret';

describe('GitHub-scheme inbound webhooks: replays under a new delivery id, unsigned event types (embedded store)', () => {
  let t: TestRuntime;
  beforeAll(async () => {
    t = await startTestRuntime('embedded', { delivery: { config: { pollMs: 50, secrets: (ref) => (ref === 'env:GH_SECRET' ? SECRET : undefined) } } });
    const listed = integrationSpec('https://unused.example/x', { subscribe: [] });
    (listed.events as Record<string, unknown>).inbound = { signature: { scheme: 'github', secret: 'env:GH_SECRET' }, eventTypes: ['issues', 'pull_request'] };
    await putIntegration(t.runtime.store, 'gh-listed', listed);
    const unlisted = integrationSpec('https://unused.example/x', { subscribe: [] });
    (unlisted.events as Record<string, unknown>).inbound = { signature: { scheme: 'github', secret: 'env:GH_SECRET' } };
    await putIntegration(t.runtime.store, 'gh-unlisted', unlisted);
  });
  afterAll(async () => t?.dispose());

  const send = async (hook: string, body: string, delivery: string, event: string) => {
    const sig = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    const res = await t.fetch(`/hooks/${hook}`, {
      method: 'POST',
      role: null,
      body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig, 'x-github-delivery': delivery, 'x-github-event': event },
    });
    const doc = (await res.json()) as { type: string; eventId?: string };
    return { status: res.status, type: doc.type.startsWith('https://') ? doc.type.split('/').pop() : doc.type, eventId: doc.eventId };
  };
  const published = async (type: string) =>
    (await t.runtime.store.db.query<{ n: unknown }>('SELECT count(*) AS n FROM events WHERE type = $1', [type])).map((r) => Number(r.n))[0];

  it('publishes a signed body once: the same body under a fresh X-GitHub-Delivery is a replay', async () => {
    const body = JSON.stringify({ action: 'opened', issue: { number: 7 } });
    const first = await send('gh-listed', body, 'delivery-1', 'issues');
    expect(first).toMatchObject({ status: 202, type: 'gh-listed.issues' });
    expect(await send('gh-listed', body, 'delivery-2', 'issues')).toMatchObject({ status: 409, type: 'webhook-replayed' });
    expect(await send('gh-listed', body, 'delivery-3', 'pull_request')).toMatchObject({ status: 409, type: 'webhook-replayed' });
    expect(await published('gh-listed.issues')).toBe(1);
    expect(await published('gh-listed.pull_request')).toBe(0);
    const audit = (await t.runtime.store.audit(0, 10_000)).entries.filter((e) => e.action === 'receiveWebhook' && e.target === 'Integration/gh-listed');
    expect(audit.map((e) => [e.data.status, e.data.vendorId ?? null])).toEqual([
      [202, 'delivery-1'],
      [409, null],
      [409, null],
    ]);
    expect(audit[1].data.messageId).toBe(audit[0].data.messageId);
  });

  it('takes the event type from an unsigned header only when the integration allow-lists it', async () => {
    const body = JSON.stringify({ action: 'created', deployment: { id: 1 } });
    expect(await send('gh-listed', body, 'delivery-9', 'deployment')).toMatchObject({ status: 422, type: 'webhook-event-type-not-allowed' });
    expect(await published('gh-listed.deployment')).toBe(0);
    // Without an allow-list the header is ignored: the event is published as `received`, never as what the header claims.
    expect(await send('gh-unlisted', body, 'delivery-10', 'deployment')).toMatchObject({ status: 202, type: 'gh-unlisted.received' });
    // A type inside the signed body is signed, and wins.
    const typed = JSON.stringify({ type: 'issue.closed', issue: { number: 8 } });
    expect(await send('gh-unlisted', typed, 'delivery-11', 'deployment')).toMatchObject({ status: 202, type: 'gh-unlisted.issue.closed' });
  });
});
