import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';
import { prepareMockContract, startMock, type RunningMock } from '../../mock/index.js';
import { FAST_RETRY, putIntegration } from '../../../test/support/delivery-fixtures.js';
import { configSecretResolver } from '../delivery/secret-refs.js';
import { withTenant } from '../store/tenant-scope.js';

const FILE = 'contracts/servicenow/table-api.openapi.yaml';
const TEXT = readFileSync(new URL(`../../../${FILE}`, import.meta.url), 'utf8');

const spec = (mockUrl: string, token: string): Record<string, unknown> => ({
  vendor: 'servicenow',
  contract: { ref: 'servicenow-table-api' },
  endpoint: { baseUrl: mockUrl, localTesting: true, timeoutMs: 60_000 },
  auth: { type: 'apiKey', in: 'header', name: 'Authorization', value: `env:${token}` },
  events: { subscribe: ['incident.created'] },
  actions: [
    {
      on: 'incident.created',
      call: 'createIncident',
      with: { short_description: '{{event.data.summary}}' },
      emit: { event: 'ticket.created', with: { number: '{{response.result.number}}' } },
    },
  ],
});

describe('action calls of two tenants whose integrations share a name (two Interlock mocks of the ServiceNow contract on loopback)', () => {
  const mocks: Record<'a' | 'b', RunningMock | undefined> = { a: undefined, b: undefined };
  let t: TestRuntime;

  beforeAll(async () => {
    const contract = prepareMockContract(FILE, TEXT).value!;
    // Each mock accepts only its own tenant's credential (the recorded header itself is redacted).
    mocks.a = await startMock(contract, { checkCredentials: ({ headers }) => String(headers.authorization).endsWith('token-of-a') });
    mocks.b = await startMock(contract, { checkCredentials: ({ headers }) => String(headers.authorization).endsWith('token-of-b') });
    console.info(`tenant-a's ServiceNow: Interlock mock on ${mocks.a.url}; tenant-b's on ${mocks.b.url}`);
    const document = parse(TEXT) as unknown;
    t = await startTestRuntime('embedded', {
      delivery: {
        config: { retry: FAST_RETRY, pollMs: 50, secrets: configSecretResolver({ A_TOKEN: 'token-of-a', B_TOKEN: 'token-of-b' }) },
        contractDocument: (name) => (name === 'servicenow-table-api' ? document : undefined),
      },
      actions: { pollMs: 50 },
    });
    for (const [tenant, mock, token] of [['tenant-a', mocks.a, 'A_TOKEN'], ['tenant-b', mocks.b, 'B_TOKEN']] as const) {
      await withTenant(tenant, async () => {
        await t.runtime.store.putResource('Contract', 'servicenow-table-api', { spec: { format: 'openapi' } }, { actor: 'test', now: new Date() }, { actor: 'test', action: 'putResource', target: 'Contract/servicenow-table-api', data: {} });
        await putIntegration(t.runtime.store, 'servicenow-incidents', spec(mock.url, token));
      });
    }
  });
  afterAll(async () => {
    await t?.dispose();
    await mocks.a?.close();
    await mocks.b?.close();
  });

  it("calls each tenant's own vendor with its own credentials, and the emitted event is that tenant's", async () => {
    const sent: Record<string, string> = {};
    for (const tenant of ['tenant-a', 'tenant-b', 'tenant-a', 'tenant-b']) {
      const summary = `${tenant} incident ${Object.keys(sent).length}`;
      const res = await t.fetch('/v1/events', { method: 'POST', role: 'operator', headers: { 'interlock-tenant': tenant }, body: JSON.stringify({ type: 'incident.created', data: { summary } }) });
      expect(res.status).toBe(202);
      sent[summary] = ((await res.json()) as { eventId: string }).eventId;
    }
    // Which tenant's vendor got which call, each exactly once: a transport shared by name between the two
    // tenants was replaced (and closed mid-request) by the other's calls, so calls were made twice.
    const made = (mock: RunningMock) => mock.requests({ operation: 'createIncident' }).map((r) => [(r.body as { short_description: string }).short_description, r.credentials]);
    for (let i = 0; i < 400 && made(mocks.a!).length + made(mocks.b!).length < 4; i++) await new Promise((r) => setTimeout(r, 25));
    expect(made(mocks.a!).sort()).toEqual([
      ['tenant-a incident 0', 'valid'],
      ['tenant-a incident 2', 'valid'],
    ]);
    expect(made(mocks.b!).sort()).toEqual([
      ['tenant-b incident 1', 'valid'],
      ['tenant-b incident 3', 'valid'],
    ]);

    // Each call's emitted ticket.created event belongs to the call's tenant.
    const emitted = async () =>
      (await t.runtime.store.db.query<{ tenant_id: string; source_event: string }>(
        `SELECT e.tenant_id, c.event_id AS source_event FROM action_calls c JOIN events e ON e.idempotency_key = 'action:' || c.id ORDER BY c.event_id`,
      )).map((r) => [r.source_event, r.tenant_id]);
    for (let i = 0; i < 400 && (await emitted()).length < 4; i++) await new Promise((r) => setTimeout(r, 25));
    const tenantOf = Object.fromEntries(Object.entries(sent).map(([summary, id]) => [id, summary.split(' ')[0]]));
    expect((await emitted()).map(([event, tenant]) => [tenantOf[event], tenant]).sort()).toEqual([
      ['tenant-a', 'tenant-a'],
      ['tenant-a', 'tenant-a'],
      ['tenant-b', 'tenant-b'],
      ['tenant-b', 'tenant-b'],
    ]);
  });
});
