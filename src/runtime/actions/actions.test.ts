import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startFakeVault, type FakeVault } from '../../../test/support/fake-vault.js';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';
import { MOCK_ACCESS_TOKEN, prepareMockContract, startMock, type RunningMock } from '../../mock/index.js';
import { FAST_RETRY, putIntegration } from '../../../test/support/delivery-fixtures.js';
import { configSecretResolver } from '../delivery/secret-refs.js';
import type { LogEntry } from '../log.js';
import type { ActionCallView } from './model.js';
import { payloadsOf } from '../store/database.js';
import { verifyAuditChain } from '../audit/chain.js';

const FILE = 'contracts/servicenow/table-api.openapi.yaml';
const TEXT = readFileSync(new URL(`../../../${FILE}`, import.meta.url), 'utf8');
const CLIENT_SECRET = 'sn-client-secret-from-vault';

function serviceNowSpec(mockUrl: string, secretRef = 'vault:secret/data/integrations/servicenow#client_secret'): Record<string, unknown> {
  return {
    vendor: 'servicenow',
    enabled: true,
    contract: { ref: 'servicenow-table-api' },
    direction: 'bidirectional',
    endpoint: { baseUrl: mockUrl, localTesting: true, timeoutMs: 5000 },
    auth: { type: 'oauth2', grant: 'client_credentials', tokenUrl: `${mockUrl}/oauth_token.do`, clientId: 'interlock', clientSecret: secretRef },
    uses: ['createIncident'],
    events: { subscribe: ['incident.created'] },
    actions: [
      {
        on: 'incident.created',
        call: 'createIncident',
        with: { short_description: '{{event.data.summary}}', correlation_id: '{{event.data.shipmentNumber}}', urgency: '2', sysparm_exclude_reference_link: true },
        emit: { event: 'ticket.created', with: { system: 'servicenow', number: '{{response.result.number}}', sysId: '{{response.result.sys_id}}', incidentId: '{{event.id}}' } },
      },
    ],
  };
}

describe('actions: accepted events call vendor operations through the adapter runtime (Interlock mock of the ServiceNow contract, fake Vault on loopback; no vendor or Vault server here)', () => {
  let vault: FakeVault;
  let mock: RunningMock;
  let t: TestRuntime;
  const logs: LogEntry[] = [];

  beforeAll(async () => {
    vault = await startFakeVault();
    vault.addToken('runtime-token');
    vault.put('secret', 'integrations/servicenow', { client_secret: CLIENT_SECRET });
    const contract = prepareMockContract(FILE, TEXT).value!;
    mock = await startMock(contract, {
      tokenPaths: ['/oauth_token.do'],
      checkCredentials: ({ headers, body, tokenRequest }) =>
        tokenRequest ? new URLSearchParams(body.toString('utf8')).get('client_secret') === CLIENT_SECRET : headers.authorization === `Bearer ${MOCK_ACCESS_TOKEN}`,
    });
    console.info(`Interlock mock of ${FILE} on ${mock.url}; fake Vault on ${vault.url}`);
    const document = parse(TEXT) as unknown;
    t = await startTestRuntime('embedded', {
      log: (e) => logs.push(e),
      delivery: {
        config: { retry: FAST_RETRY, pollMs: 50, secrets: configSecretResolver({}, { address: vault.url, token: 'runtime-token' }) },
        contractDocument: (name) => (name === 'servicenow-table-api' ? document : undefined),
      },
      actions: { pollMs: 50 },
    });
    await t.runtime.store.putResource('Contract', 'servicenow-table-api', { spec: { format: 'openapi' } }, { actor: 'test', now: new Date() }, { actor: 'test', action: 'putResource', target: 'Contract/servicenow-table-api', data: {} });
    await putIntegration(t.runtime.store, 'servicenow-incidents', serviceNowSpec(mock.url));
  });
  afterAll(async () => {
    await t?.dispose();
    await mock?.close();
    await vault?.close();
  });
  beforeEach(() => {
    mock.clearRequests();
    mock.setFaults({});
  });

  const calls = async (query = ''): Promise<ActionCallView[]> => ((await (await t.fetch(`/v1/actions/calls${query}`, { role: 'operator' })).json()) as { calls: ActionCallView[] }).calls;
  const send = async (data: Record<string, unknown>): Promise<string> => {
    const res = await t.fetch('/v1/events', { method: 'POST', role: 'operator', body: JSON.stringify({ type: 'incident.created', data }) });
    expect(res.status).toBe(202);
    return ((await res.json()) as { eventId: string }).eventId;
  };
  const until = async (predicate: () => Promise<boolean>): Promise<void> => {
    for (let i = 0; i < 400; i++) {
      if (await predicate()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('condition not met in time');
  };

  it('calls createIncident with the rendered mapping and Vault credentials, logs the call, audits it and emits ticket.created with the number', async () => {
    const eventId = await send({ summary: 'Parcel lost at hub AMS', shipmentNumber: 'SHP-1001' });
    await until(async () => (await calls(`?event=${eventId}`))[0]?.status === 'succeeded');
    const [call] = await calls(`?event=${eventId}`);
    expect([call.integration, call.operation, call.attempts, call.lastStatus]).toEqual(['servicenow-incidents', 'createIncident', 1, 201]);
    expect(call.log.map((l) => [l.attempt, l.status, l.outcome])).toEqual([[1, 201, 'succeeded']]);

    const [created] = mock.requests({ operation: 'createIncident' });
    expect(created.validation.valid).toBe(true);
    expect(created.credentials).toBe('valid');
    expect(created.query).toEqual({ sysparm_exclude_reference_link: 'true' });
    expect(created.body).toEqual({ short_description: 'Parcel lost at hub AMS', correlation_id: 'SHP-1001', urgency: '2' });
    expect(mock.requests().filter((r) => r.tokenRequest).every((r) => r.credentials === 'valid')).toBe(true);
    expect(vault.requests.some((r) => r.path === '/v1/secret/data/integrations/servicenow')).toBe(true);

    // The emitted event is an accepted event like any other, carrying the vendor's number.
    const emitted = (await t.runtime.store.db.query<{ type: string; data: string; source: string }>('SELECT type, data, source FROM events WHERE id = $1', [call.emittedEventId]))[0];
    expect(emitted.type).toBe('ticket.created');
    expect(emitted.source).toBe('action:servicenow-incidents');
    const data = JSON.parse(payloadsOf(t.runtime.store.db).open(emitted.data)) as Record<string, unknown>;
    expect(data.system).toBe('servicenow');
    expect(data.incidentId).toBe(eventId);
    expect(typeof data.number).toBe('string');
    expect(data.number).not.toBe('');

    const audit = (await (await t.fetch('/v1/audit?limit=500', { role: 'auditor' })).json()) as { entries: { action: string; target: string; data: Record<string, unknown> }[] };
    // One entry per recorded batch, naming each attempt in it.
    const batch = audit.entries.find((e) => e.action === 'actions.attempted' && (e.data.calls as { callId: string }[]).some((c) => c.callId === call.id));
    expect(batch?.target).toBeNull();
    expect((batch?.data.calls as { callId: string }[]).find((c) => c.callId === call.id)).toEqual({
      callId: call.id,
      integration: 'servicenow-incidents',
      operation: 'createIncident',
      attempt: 1,
      status: 201,
      outcome: 'succeeded',
      emittedEventId: call.emittedEventId,
    });
    expect(JSON.stringify(audit)).not.toContain(CLIENT_SECRET);
    // The batch entry is written with the calls' state in one statement, on the head it locked: the chain holds.
    await t.runtime.services.actions!.idle();
    const head = (await t.runtime.store.auditHead())!;
    const entries = (await t.runtime.store.audit(0, 5000)).entries.filter((e) => e.seq <= head.seq);
    expect(verifyAuditChain(entries, head)).toMatchObject({ ok: true, entries: head.seq });
  });

  it('retries a 503 on the delivery schedule and succeeds once the vendor is back', async () => {
    mock.setFaults({ status: { createIncident: 503 } });
    const eventId = await send({ summary: 'Hub flooded', shipmentNumber: 'SHP-1002' });
    await until(async () => (await calls(`?event=${eventId}`))[0]?.attempts >= 2);
    mock.setFaults({});
    await until(async () => (await calls(`?event=${eventId}`))[0]?.status === 'succeeded');
    const [call] = await calls(`?event=${eventId}`);
    expect(call.log.slice(0, 2).map((l) => [l.status, l.outcome])).toEqual([
      [503, 'retry'],
      [503, 'retry'],
    ]);
    expect(call.log.at(-1)!.outcome).toBe('succeeded');
  });

  it('a 400 is permanent: the call is dead at once, with its status, listed by status', async () => {
    mock.setFaults({ status: { createIncident: 400 } });
    const eventId = await send({ summary: 'Bad', shipmentNumber: 'SHP-1003' });
    await until(async () => (await calls(`?event=${eventId}`))[0]?.status === 'dead');
    const dead = await calls('?status=dead');
    const call = dead.find((c) => c.eventId === eventId)!;
    expect([call.attempts, call.lastStatus, call.lastError]).toEqual([1, 400, 'createIncident answered 400']);
  });

  it('an event without a mapped value queues a dead call naming the template, and sends nothing', async () => {
    const eventId = await send({ shipmentNumber: 'SHP-1004' });
    const [call] = await calls(`?event=${eventId}`);
    expect([call.status, call.attempts, call.lastError]).toEqual(['dead', 0, "cannot render 'with': {{event.data.summary}} has no value"]);
    expect(mock.requests({ operation: 'createIncident' })).toEqual([]);
  });

  it('a Vault key that does not exist: the call is retried with an error naming the reference, the integration is unhealthy, no value is logged', async () => {
    await putIntegration(t.runtime.store, 'servicenow-typo', serviceNowSpec(mock.url, 'vault:secret/data/integrations/servicenow#client_secrt'));
    const eventId = await send({ summary: 'Typo', shipmentNumber: 'SHP-1005' });
    await until(async () => ((await calls(`?event=${eventId}&integration=servicenow-typo`))[0]?.attempts ?? 0) >= 1);
    const [call] = await calls(`?event=${eventId}&integration=servicenow-typo`);
    expect(call.log[0].outcome).toBe('retry');
    expect(call.lastError).toContain('vault:secret/data/integrations/servicenow#client_secrt');
    const health = (await (await t.fetch('/v1/integrations/health', { role: 'auditor' })).json()) as { integrations: { integration: string; healthy: boolean; problems: { check: string; subject: string }[] }[] };
    const typo = health.integrations.find((i) => i.integration === 'servicenow-typo')!;
    expect([typo.healthy, typo.problems[0].check, typo.problems[0].subject]).toEqual([false, 'secret', 'vault:secret/data/integrations/servicenow#client_secrt']);
    expect(logs.some((l) => l.level === 'error' && l.subject === 'vault:secret/data/integrations/servicenow#client_secrt')).toBe(true);
    expect(JSON.stringify(logs)).not.toContain(CLIENT_SECRET);
    await putIntegration(t.runtime.store, 'servicenow-typo', { ...serviceNowSpec(mock.url), enabled: false });
  });
});
