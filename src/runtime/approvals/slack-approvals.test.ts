import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareMockContract, startMock, type RunningMock } from '../../mock/index.js';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';
import { TestReceiver } from '../../../test/support/test-receiver.js';
import { FAST_RETRY, integrationSpec, newWebhookSecret, putIntegration } from '../../../test/support/delivery-fixtures.js';
import { packageRoot } from '../package-files.js';
import type { Approval } from './model.js';
import { APPROVE_ACTION, REJECT_ACTION } from './slack-message.js';

const SIGNING = 'slack-signing-secret';
const BOT = 'Bearer xoxb-approvals-test';
const CHANNEL = 'C0795HX2Q3Z';

interface Delivery {
  id: string;
  status: string;
}

/**
 * Replays to a critical-tier vendor wait for an approval posted to the Slack mock (the workspace's Slack
 * contract served on loopback, recording requests); the buttons come back through the Slack-signed hook.
 * Slack users are people in policies/access.csv: U0DOKAFOR is dan-okafor (vendor-risk, may approve
 * critical), U0LIWEI is li-wei (engineering-manager, low tier only).
 */
describe('Slack approvals of replays to high-tier vendors (Slack mock on loopback)', () => {
  const secret = newWebhookSecret();
  let slack: RunningMock;
  let receiver: TestReceiver;
  let t: TestRuntime;
  const refs: Record<string, string> = { 'env:ACME_WEBHOOK_SECRET': secret, 'env:SLACK_SIGNING_SECRET': SIGNING, 'env:SLACK_BOT': BOT };

  beforeAll(async () => {
    const file = path.join(packageRoot(), 'contracts/slack/web-api.openapi.yaml');
    slack = await startMock(prepareMockContract(file, readFileSync(file, 'utf8')).value!, { port: 0 });
    console.info(`Slack mock on ${slack.url}`);
    receiver = await new TestReceiver(secret).start();
    receiver.reply = () => ({ status: 500 });
    t = await startTestRuntime('embedded', { workspace: packageRoot(), delivery: { config: { retry: FAST_RETRY, pollMs: 50, secrets: (ref) => refs[ref] } } });
    const now = new Date();
    const put = (kind: string, name: string, spec: Record<string, unknown>) =>
      t.runtime.store.putResource(kind, name, { spec }, { actor: 'test', now }, { actor: 'test', action: 'putResource', target: `${kind}/${name}`, data: {} });
    await put('Vendor', 'servicenow', { legalName: 'ServiceNow', riskTier: 'critical' });
    await put('Vendor', 'linear', { legalName: 'Linear', riskTier: 'low' });
    await putIntegration(t.runtime.store, 'servicenow-incidents', { ...integrationSpec(receiver.url), vendor: 'servicenow' });
    await putIntegration(t.runtime.store, 'linear-issues', { ...integrationSpec(receiver.url), vendor: 'linear' });
    await putIntegration(t.runtime.store, 'slack-ops-alerts', {
      ...integrationSpec('https://unused.example/x', { subscribe: [] }),
      vendor: 'slack',
      endpoint: { baseUrl: `${slack.url}/api`, localTesting: true, timeoutMs: 5000 },
      auth: { type: 'apiKey', in: 'header', name: 'Authorization', value: 'env:SLACK_BOT' },
      events: { subscribe: [], transform: { set: { channel: CHANNEL } }, inbound: { path: 'slack-interactivity', signature: { scheme: 'slack', secret: 'env:SLACK_SIGNING_SECRET' } } },
    });
    // Dead letters for both integrations: every attempt answered 500.
    await t.fetch('/v1/events', { method: 'POST', role: 'operator', body: JSON.stringify({ type: 'incident.created', data: { n: 1 } }) });
    await t.fetch('/v1/events', { method: 'POST', role: 'operator', body: JSON.stringify({ type: 'incident.created', data: { n: 2 } }) });
    await until(async () => (await deliveries('servicenow-incidents')).every((d) => d.status === 'dead') && (await deliveries('linear-issues')).every((d) => d.status === 'dead'));
    receiver.reply = () => ({ status: 204 });
  });
  afterAll(async () => {
    await t?.dispose();
    await receiver?.close();
    await slack?.close();
  });

  async function until(test: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 1200; i++) {
      if (await test()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('condition not met');
  }
  const deliveries = async (integration: string): Promise<Delivery[]> =>
    ((await (await t.fetch(`/v1/deliveries?integration=${integration}`, { role: 'operator' })).json()) as { deliveries: Delivery[] }).deliveries;

  /** A button press as Slack sends it: form-encoded `payload=`, v0-signed. */
  const press = async (user: string, actionId: string, approval: string) => {
    const payload = { type: 'block_actions', api_app_id: 'A0APPROVALS', user: { id: user, username: user.toLowerCase() }, actions: [{ type: 'button', action_id: actionId, value: approval, block_id: `approval:${approval}`, action_ts: '1' }] };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await t.fetch('/hooks/slack-interactivity', {
      method: 'POST',
      role: null,
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': ts, 'x-slack-signature': `v0=${createHmac('sha256', SIGNING).update(`v0:${ts}:${body}`).digest('hex')}` },
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { approval: { outcome: string; by: string; roles?: string[] } }).approval;
  };
  const audit = async () => ((await (await t.fetch('/v1/audit?limit=1000', { role: 'auditor' })).json()) as { entries: { actor: string; action: string; target: string | null; data: Record<string, unknown> }[] }).entries;

  it('a replay to a low-tier vendor runs at once', async () => {
    const res = await t.fetch('/v1/deliveries/replay', { method: 'POST', role: 'operator', body: JSON.stringify({ since: '2020-01-01T00:00:00Z', integration: 'linear-issues' }) });
    const body = (await res.json()) as { replayed: { id: string }[] };
    expect([res.status, body.replayed.length]).toEqual([202, 2]);
    await until(async () => (await deliveries('linear-issues')).every((d) => d.status === 'delivered'));
  });

  it('a replay to a critical-tier vendor waits; a Slack user without the role is refused; one with it approves and the replay runs', async () => {
    const dead = await deliveries('servicenow-incidents');
    const res = await t.fetch('/v1/deliveries/replay', { method: 'POST', role: 'operator', body: JSON.stringify({ since: '2020-01-01T00:00:00Z', integration: 'servicenow-incidents' }) });
    const held = (await res.json()) as { approval: Approval; slack: { posted: boolean; channel: string } };
    expect([res.status, held.approval.status, held.approval.tier, held.approval.target, held.slack.posted, held.slack.channel]).toEqual([202, 'pending', 'critical', 'Integration/servicenow-incidents', true, CHANNEL]);
    expect((await deliveries('servicenow-incidents')).map((d) => d.status)).toEqual(['dead', 'dead']);

    // The interactive message, valid against the Slack contract, authenticated with the bot token.
    const [posted] = slack.requests({ operation: 'chat_postMessage' });
    // The mock records credentials redacted; that the header was sent is what it can show.
    expect([posted.validation.valid, posted.headers.authorization]).toEqual([true, 'Bearer [redacted]']);
    const message = posted.body as { channel: string; blocks: { type: string; elements?: { action_id: string; value: string }[] }[] };
    expect(message.channel).toBe(CHANNEL);
    expect(message.blocks.find((b) => b.type === 'actions')!.elements!.map((e) => [e.action_id, e.value])).toEqual([
      [APPROVE_ACTION, held.approval.id],
      [REJECT_ACTION, held.approval.id],
    ]);

    const refused = await press('U0LIWEI', APPROVE_ACTION, held.approval.id);
    expect([refused.outcome, refused.by, refused.roles]).toEqual(['refused', 'slack:U0LIWEI', ['engineering-manager', 'li-wei']]);
    expect((await (await t.fetch(`/v1/approvals/${held.approval.id}`, { role: 'auditor' })).json())).toMatchObject({ status: 'pending', decidedBy: null });

    const approved = await press('U0DOKAFOR', APPROVE_ACTION, held.approval.id);
    expect([approved.outcome, approved.by, approved.roles]).toEqual(['approved', 'slack:U0DOKAFOR', ['dan-okafor', 'vendor-risk']]);
    await until(async () => (await deliveries('servicenow-incidents')).every((d) => d.status === 'delivered'));
    const decided = (await (await t.fetch(`/v1/approvals/${held.approval.id}`, { role: 'auditor' })).json()) as Approval;
    expect([decided.status, decided.decidedBy, (decided.result as { replayed: string[] }).replayed.sort()]).toEqual(['approved', 'slack:U0DOKAFOR', dead.map((d) => d.id).sort()]);

    // A second press (or a second approver) changes nothing.
    expect((await press('U0DOKAFOR', REJECT_ACTION, held.approval.id)).outcome).toBe('already-decided');

    const entries = (await audit()).filter((e) => e.action !== 'getApproval' && (e.target === `Approval/${held.approval.id}` || e.data.approval === held.approval.id));
    expect(entries.map((e) => [e.actor, e.action, e.data.status ?? e.data.refused ?? null])).toEqual([
      [expect.stringMatching(/^operator:/), 'replayFailedDeliveries', 'pending'],
      ['slack:U0LIWEI', 'decideApproval', 'slack:U0LIWEI (roles: engineering-manager, li-wei) may not approve actions on a critical-tier vendor'],
      ['slack:U0DOKAFOR', 'decideApproval', 'approved'],
      ['slack:U0DOKAFOR', 'replayDeliveries', null],
    ]);
    expect(entries[2].data).toMatchObject({ via: 'slack', slackUser: { id: 'U0DOKAFOR', username: 'u0dokafor' }, roles: ['dan-okafor', 'vendor-risk'], tier: 'critical' });

    // The message's buttons give way to the outcome.
    const [update] = slack.requests({ operation: 'chat_update' });
    expect([update?.validation.valid, (update?.body as { text: string }).text]).toEqual([true, expect.stringContaining('approved by u0dokafor')]);
  });

  it('a rejected replay does not run', async () => {
    receiver.reply = () => ({ status: 500 });
    await t.fetch('/v1/events', { method: 'POST', role: 'operator', body: JSON.stringify({ type: 'incident.created', data: { n: 3 } }) });
    let target: Delivery | undefined;
    await until(async () => !!(target = (await deliveries('servicenow-incidents')).find((d) => d.status === 'dead')));
    const res = await t.fetch(`/v1/deliveries/${target!.id}/replay`, { method: 'POST', role: 'operator' });
    const held = (await res.json()) as { approval: Approval };
    expect([res.status, held.approval.status, held.approval.params]).toEqual([202, 'pending', { id: target!.id }]);
    expect((await press('U0DOKAFOR', REJECT_ACTION, held.approval.id)).outcome).toBe('rejected');
    const after = (await (await t.fetch(`/v1/approvals?status=rejected`, { role: 'operator' })).json()) as { approvals: Approval[] };
    expect(after.approvals.map((a) => [a.id, a.decidedBy])).toEqual([[held.approval.id, 'slack:U0DOKAFOR']]);
    expect((await deliveries('servicenow-incidents')).find((d) => d.id === target!.id)!.status).toBe('dead');
  });
});
