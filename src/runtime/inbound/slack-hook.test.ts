import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceContractDocuments } from '../delivery/config.js';
import { integrationSpec, putIntegration } from '../../../test/support/delivery-fixtures.js';
import { packageRoot } from '../package-files.js';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';
import { payloadsOf } from '../store/database.js';

const SIGNING_SECRET = 'slack-signing-secret';

/**
 * A Slack interactivity request as Slack sends it: form-encoded `payload=<JSON>`, v0-signed, validated
 * against the schema the example workspace's Slack contract (an OpenAPI/Swagger description) declares.
 */
describe('Slack interactivity through /hooks, checked against the workspace contract', () => {
  let t: TestRuntime;
  beforeAll(async () => {
    t = await startTestRuntime('embedded', {
      delivery: { config: { secrets: (ref) => (ref === 'env:SLACK_SIGNING_SECRET' ? SIGNING_SECRET : undefined) }, contractDocument: workspaceContractDocuments(packageRoot()) },
    });
    const text = readFileSync(path.join(packageRoot(), 'contracts/slack/web-api.openapi.yaml'), 'utf8');
    const now = new Date();
    await t.runtime.store.putResource(
      'Contract',
      'slack-web-api',
      { spec: { format: 'openapi', source: 'web-api.openapi.yaml', version: '1.7.0', contentHash: `sha256:${createHash('sha256').update(text).digest('hex')}` } },
      { actor: 'test', now },
      { actor: 'test', action: 'putResource', target: 'Contract/slack-web-api', data: {} },
    );
    const spec = integrationSpec('https://unused.example/x', { subscribe: [] });
    spec.contract = { ref: 'slack-web-api' };
    (spec.events as Record<string, unknown>).inbound = { path: 'slack-interactivity', signature: { scheme: 'slack', secret: 'env:SLACK_SIGNING_SECRET' }, schema: '#/definitions/BlockActionsPayload' };
    await putIntegration(t.runtime.store, 'slack-ops-alerts', spec);
  });
  afterAll(() => t?.dispose());

  const send = (payload: unknown, opts: { form?: boolean; ts?: number } = {}) => {
    const body = opts.form === false ? JSON.stringify(payload) : new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const ts = String(opts.ts ?? Math.floor(Date.now() / 1000));
    const sig = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
    return t.fetch('/hooks/slack-interactivity', {
      method: 'POST',
      role: null,
      body,
      headers: { 'content-type': opts.form === false ? 'application/json' : 'application/x-www-form-urlencoded', 'x-slack-signature': sig, 'x-slack-request-timestamp': ts },
    });
  };

  it('accepts a block_actions payload, validated against the contract (schemaChecked), as <integration>.block_actions', async () => {
    const res = await send({ type: 'block_actions', api_app_id: 'A1', user: { id: 'U2CERLKJA', username: 'roadrunner' }, actions: [{ type: 'button', action_id: 'approval_approve', value: 'apr_1', block_id: 'b', action_ts: '1' }] });
    const body = (await res.json()) as { type: string; schemaChecked: boolean; eventId: string };
    expect([res.status, body.type, body.schemaChecked]).toEqual([202, 'slack-ops-alerts.block_actions', true]);
    const [event] = await t.runtime.store.db.query<{ data: string }>('SELECT data FROM events WHERE id = $1', [body.eventId]);
    expect((JSON.parse(payloadsOf(t.runtime.store.db).open(event.data)) as { user: { id: string } }).user.id).toBe('U2CERLKJA');
  });

  it('refuses a payload the contract does not allow (no user) with 422', async () => {
    const res = await send({ type: 'block_actions', api_app_id: 'A1', actions: [{ type: 'button', action_id: 'approve', value: 'x', block_id: 'b', action_ts: '1' }] });
    expect(res.status).toBe(422);
  });

  it('answers the Events API url_verification challenge', async () => {
    const res = await send({ type: 'url_verification', challenge: 'c-123', token: 't' }, { form: false });
    expect([res.status, await res.json()]).toEqual([200, { challenge: 'c-123' }]);
  });

  it('refuses a request signed ten minutes ago', async () => {
    const res = await send({ type: 'block_actions' }, { ts: Math.floor(Date.now() / 1000) - 600 });
    expect([res.status, ((await res.json()) as { type: string }).type]).toEqual([401, 'https://interlock.dev/problems/webhook-stale']);
  });
});
