import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { FAST_RETRY, integrationSpec, newWebhookSecret, putIntegration } from '../../../../test/support/delivery-fixtures.js';
import { TestReceiver } from '../../../../test/support/test-receiver.js';
import { ENGINES } from '../../../../test/support/stores.js';
import { startTestRuntime, type TestRuntime } from '../../../../test/support/test-runtime.js';

const CONTRACT_DOC = {
  openapi: '3.0.3',
  components: {
    schemas: {
      IssueEvent: {
        type: 'object',
        required: ['type', 'issue'],
        properties: { type: { type: 'string' }, issue: { type: 'object', required: ['key'], properties: { key: { type: 'string' }, note: { type: 'string', nullable: true } } } },
      },
    },
  },
};

describe.each(ENGINES)('event and delivery API on %s', (engine) => {
  let t: TestRuntime;
  let receiver: TestReceiver;
  const outSecret = newWebhookSecret();
  const inSecret = newWebhookSecret();
  const ghSecret = 'gh-hook-secret';
  const env: Record<string, string> = { ACME_WEBHOOK_SECRET: outSecret, ACME_INBOUND_SECRET: inSecret, GH_SECRET: ghSecret };

  beforeAll(async () => {
    receiver = await new TestReceiver(outSecret).start();
    t = await startTestRuntime(engine, {
      delivery: { config: { retry: FAST_RETRY, pollMs: 50, secrets: (ref) => env[ref.replace(/^env:/, '')] }, contractDocument: (name) => (name === 'acme-api' ? CONTRACT_DOC : undefined) },
    });
    const store = t.runtime.store;
    await putIntegration(store, 'acme-hooks', integrationSpec(receiver.url, { subscribe: ['incident.*', 'acme-inbound.**'] }));
    const inbound = integrationSpec('https://unused.example/x', { subscribe: [] });
    (inbound.events as Record<string, unknown>).inbound = {
      path: 'acme-events',
      signature: { scheme: 'standard-webhooks', secret: 'env:ACME_INBOUND_SECRET', toleranceSeconds: 300 },
      schema: '#/components/schemas/IssueEvent',
    };
    await putIntegration(store, 'acme-inbound', inbound);
    const gh = integrationSpec('https://unused.example/x', { subscribe: [] });
    (gh.events as Record<string, unknown>).inbound = { signature: { scheme: 'github', secret: 'env:GH_SECRET' }, eventTypes: ['issues'] };
    await putIntegration(store, 'gh-inbound', gh);
    await store.putResource('Contract', 'acme-api', { spec: { format: 'openapi', source: 'acme.openapi.yaml', version: '1.0.0' } }, { actor: 'test', now: new Date() }, { actor: 'test', action: 'putResource', target: 'Contract/acme-api', data: {} });
  });
  afterAll(async () => {
    await t?.dispose();
    await receiver?.close();
  });

  const post = (path: string, body: unknown, role: 'admin' | 'operator' | 'auditor' = 'operator', headers: Record<string, string> = {}) =>
    t.fetch(path, { method: 'POST', role, body: JSON.stringify(body), headers });
  const auditActions = async () => (await t.runtime.store.audit(0, 10_000)).entries;

  it('POST /v1/events accepts, delivers signed, and lists the delivery log', async () => {
    const res = await post('/v1/events', { type: 'incident.created', data: { id: 'INC7' }, idempotencyKey: 'api-1' });
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as { eventId: string; duplicate: boolean; deliveries: { id: string; integration: string }[] };
    expect(accepted.duplicate).toBe(false);
    expect(accepted.deliveries.map((d) => d.integration)).toEqual(['acme-hooks']);
    await receiver.until(() => receiver.deliveredIds().has(accepted.deliveries[0].id));
    expect(receiver.received.find((r) => r.id === accepted.deliveries[0].id)!.verified).toBe(true);

    const again = await post('/v1/events', { type: 'incident.created', data: { id: 'other' } }, 'operator', { 'idempotency-key': 'api-1' });
    expect(((await again.json()) as { eventId: string; duplicate: boolean })).toMatchObject({ eventId: accepted.eventId, duplicate: true });

    await t.runtime.services.delivery!.idle();
    const list = await t.fetch('/v1/deliveries?integration=acme-hooks&status=delivered', { role: 'operator' });
    const page = (await list.json()) as { deliveries: { id: string; status: string; log: { status: number }[] }[] };
    expect(page.deliveries.map((d) => [d.id, d.status, d.log.map((l) => l.status)])).toContainEqual([accepted.deliveries[0].id, 'delivered', [204]]);
    const audit = await auditActions();
    expect(audit.filter((e) => e.action === 'sendEvent').map((e) => e.data.eventId)).toEqual([accepted.eventId, accepted.eventId]);
  });

  it('refuses bad bodies and roles without the right', async () => {
    const bad = await post('/v1/events', { type: 'no spaces allowed', data: 1, extra: true });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { type: string }).type).toBe('https://interlock.dev/problems/invalid-request');
    expect((await post('/v1/events', { type: 'a.b', data: 1 }, 'auditor')).status).toBe(403);
    expect((await post('/v1/deliveries/replay', { since: '2020-01-01T00:00:00Z' }, 'auditor')).status).toBe(403);
    expect((await post('/v1/deliveries/msg_missing/replay', {})).status).toBe(404);
  });

  it('replays dead-lettered deliveries by id and since a time, and reports stats', async () => {
    receiver.reply = () => ({ status: 500 });
    const since = new Date().toISOString();
    const res = await post('/v1/events', { type: 'incident.escalated', data: {} });
    const id = ((await res.json()) as { deliveries: { id: string }[] }).deliveries[0].id;
    await receiver.until(() => receiver.received.filter((r) => r.id === id).length === FAST_RETRY.delaysMs.length);
    await t.runtime.services.delivery!.idle();
    receiver.reply = () => ({ status: 200 });
    const one = await post(`/v1/deliveries/${id}/replay`, {});
    expect(one.status).toBe(202);
    await receiver.until(() => receiver.deliveredIds().has(id));
    await t.runtime.services.delivery!.idle();
    const none = await post('/v1/deliveries/replay', { since, integration: 'acme-hooks' });
    expect(((await none.json()) as { replayed: unknown[] }).replayed).toEqual([]);
    const stats = (await (await t.fetch('/v1/deliveries/stats?integration=acme-hooks&window=5m', { role: 'operator' })).json()) as {
      total: { attempts: number; failures: number };
    };
    expect(stats.total.failures).toBeGreaterThanOrEqual(FAST_RETRY.delaysMs.length);
    expect(stats.total.attempts).toBeGreaterThan(stats.total.failures);
  });

  it('canary: a share of events goes to the canary version; only a role with deliveries/route may set it', async () => {
    const canaryReceiver = await new TestReceiver(outSecret).start();
    try {
      const spec = integrationSpec(canaryReceiver.url, { subscribe: ['incident.*'] });
      expect((await t.fetch('/v1/deliveries/canaries/acme-hooks', { method: 'PUT', role: 'auditor', body: JSON.stringify({ percent: 50, spec }) })).status).toBe(403);
      expect((await t.fetch('/v1/deliveries/canaries/acme-hooks', { method: 'PUT', role: 'admin', body: JSON.stringify({ percent: 50, spec }) })).status).toBe(200);
      const variants: string[] = [];
      for (let i = 0; i < 20; i++) {
        const r = (await (await post('/v1/events', { type: 'incident.updated', data: { i } })).json()) as { deliveries: { variant: string }[] };
        variants.push(r.deliveries[0].variant);
      }
      const canaries = variants.filter((v) => v === 'canary').length;
      expect(canaries).toBeGreaterThan(0);
      expect(canaries).toBeLessThan(20);
      await canaryReceiver.until(() => canaryReceiver.deliveredIds().size === canaries);
      expect((await t.fetch('/v1/deliveries/canaries/acme-hooks', { method: 'DELETE', role: 'admin' })).status).toBe(204);
      expect((await t.fetch('/v1/deliveries/canaries/acme-hooks', { method: 'DELETE', role: 'admin' })).status).toBe(204);
      const after = (await (await post('/v1/events', { type: 'incident.updated', data: {} })).json()) as { deliveries: { variant: string }[] };
      expect(after.deliveries[0].variant).toBe('stable');
    } finally {
      await canaryReceiver.close();
    }
  });

  describe('inbound webhooks', () => {
    const wh = new Webhook(inSecret);
    const signed = (id: string, body: string, at = new Date()) => ({
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': wh.sign(id, at, body),
    });
    const hook = (path: string, body: string, headers: Record<string, string>) => t.fetch(`/hooks/${path}`, { method: 'POST', role: null, body, headers });
    const problem = async (res: Response) => [res.status, ((await res.json()) as { type: string }).type.split('/').pop()];

    it('verifies, validates against the contract schema, publishes as an event, and delivers it on', async () => {
      const body = JSON.stringify({ type: 'issue.updated', issue: { key: 'OPS-1', note: null } });
      const res = await hook('acme-events', body, signed('in_1', body));
      expect(res.status).toBe(202);
      const accepted = (await res.json()) as { eventId: string; type: string; schemaChecked: boolean };
      expect(accepted).toMatchObject({ type: 'acme-inbound.issue.updated', schemaChecked: true });
      // acme-hooks subscribes to acme-inbound.** : the inbound event is delivered outbound.
      await receiver.until(() => receiver.received.some((r) => JSON.parse(r.body).type === 'acme-inbound.issue.updated'));
    });

    it('rejects tampered, stale, replayed and schema-violating requests, and audits each', async () => {
      const body = JSON.stringify({ type: 'issue.updated', issue: { key: 'OPS-2' } });
      const headers = signed('in_2', body);
      expect(await problem(await hook('acme-events', body.replace('OPS-2', 'OPS-3'), headers))).toEqual([401, 'webhook-tampered']);
      expect(await problem(await hook('acme-events', body, signed('in_3', body, new Date(Date.now() - 301_000))))).toEqual([401, 'webhook-stale']);
      expect((await hook('acme-events', body, headers)).status).toBe(202);
      expect(await problem(await hook('acme-events', body, headers))).toEqual([409, 'webhook-replayed']);
      // The vendor retrying the same message (new timestamp, new signature) is acknowledged, not published twice.
      const retry = await hook('acme-events', body, signed('in_2', body, new Date(Date.now() + 1000)));
      expect(retry.status).toBe(200);
      expect(((await retry.json()) as { duplicate: boolean }).duplicate).toBe(true);
      const invalid = JSON.stringify({ type: 'issue.updated', issue: {} });
      expect(await problem(await hook('acme-events', invalid, signed('in_4', invalid)))).toEqual([422, 'webhook-schema-violation']);
      expect(await problem(await hook('nope', body, headers))).toEqual([404, 'webhook-unknown-hook']);

      const rejected = (await auditActions()).filter((e) => e.action === 'receiveWebhook' && e.data.status !== 202).map((e) => e.data.problem);
      expect(rejected).toEqual(expect.arrayContaining(['webhook-tampered', 'webhook-stale', 'webhook-replayed', 'webhook-schema-violation', 'webhook-unknown-hook']));
    });

    it('verifies the GitHub scheme (path defaults to the integration name)', async () => {
      const body = JSON.stringify({ action: 'opened' });
      const sig = `sha256=${createHmac('sha256', ghSecret).update(body).digest('hex')}`;
      const ok = await hook('gh-inbound', body, { 'content-type': 'application/json', 'x-hub-signature-256': sig, 'x-github-delivery': 'g-1', 'x-github-event': 'issues' });
      expect(ok.status).toBe(202);
      expect(((await ok.json()) as { type: string }).type).toBe('gh-inbound.issues');
      expect(await problem(await hook('gh-inbound', body, { 'x-hub-signature-256': sig.replace(/.$/, '0') === sig ? sig.replace(/.$/, '1') : sig.replace(/.$/, '0') }))).toEqual([401, 'webhook-tampered']);
    });
  });
});
