import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RecordedRequest } from '../src/mock/index.js';
import { RuntimeClient } from '../src/runtime-client/client.js';
import { verifyAuditChain } from '../src/runtime/audit/chain.js';
import type { AuditEntry } from '../src/runtime/model.js';
import { verifyEvidenceBundle } from '../src/runtime/privacy/evidence-verify.js';
import { startSandbox, type RunningSandbox } from '../src/sandbox/index.js';

/**
 * Erasure in the sandbox: this repository's example workspace, every connector on a validating mock on
 * loopback (no vendor is reachable here). A subject known by email reaches the connectors whose erasure
 * identifier is an email: deletes and suppressions land on their mocks as the contracts describe them, the
 * tokenizing connector becomes an obligation with a due date, and the evidence bundle verifies against the chain.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let sandbox: RunningSandbox;
let client: RuntimeClient;

async function recorded(mock: string): Promise<RecordedRequest[]> {
  return ((await (await fetch(`${mock}/__interlock/requests`)).json()) as { requests: RecordedRequest[] }).requests;
}

beforeAll(async () => {
  const started = await startSandbox({ workspace: root });
  if (!started.sandbox) throw new Error(JSON.stringify(started.diagnostics));
  sandbox = started.sandbox;
  client = new RuntimeClient({ url: sandbox.runtime.url, token: sandbox.runtime.token });
}, 120_000);
afterAll(async () => sandbox?.close());

const mockOf = (name: string) => sandbox.integrations.find((i) => i.name === name)!.mock;

describe('erasure in the sandbox (vendors are the contracts\u2019 mocks on loopback)', () => {
  it('deletes and suppresses at each connector holding the subject, tracks the tokenize obligation, and evidences it all', async () => {
    const created = await client.createErasure({ id: 'dsr-e2e-1', identifiers: [{ type: 'email', value: 'Ana.Silva@example.com' }], legalBasis: 'gdpr-art17', jurisdiction: 'eu' });
    expect(created.status).toBe('open');
    expect(created.steps.map((s) => [s.integration, s.method])).toEqual([
      ['confluent-shipment-events', 'tokenize'],
      ['onetrust-consent-import', 'delete'],
      ['salesforce-crm-sync', 'delete'],
      ['servicenow-incidents', 'suppress'],
      ['snowflake-nightly-shipments', 'delete'],
    ]);
    expect(created.steps[0].state).toBe('waiting-for-evidence');
    const tokenize = created.steps[0];
    expect(Date.parse(tokenize.dueAt!) - Date.parse(created.createdAt)).toBe(7 * 86_400_000);

    await vi.waitFor(async () => expect((await client.getErasure('dsr-e2e-1')).steps.filter((s) => s.method !== 'tokenize').map((s) => [s.integration, s.state, s.state === 'done' ? '' : s.outcome])).toEqual([['onetrust-consent-import', 'done', ''], ['salesforce-crm-sync', 'done', ''], ['servicenow-incidents', 'done', ''], ['snowflake-nightly-shipments', 'done', '']]), { timeout: 60_000, interval: 100 });

    const onetrust = (await recorded(mockOf('onetrust-consent-import'))).filter((r) => r.operation === 'deleteDataSubjectProfileUsingDELETE');
    expect(onetrust).toHaveLength(1);
    expect(onetrust[0].validation.valid).toBe(true);
    expect(onetrust[0].body).toEqual({ identifiers: ['ana.silva@example.com'], deleteReceipts: true });
    expect(onetrust[0].headers['idempotency-key']).toBe('dsr-e2e-1:onetrust-consent-import:delete');

    const servicenow = await recorded(mockOf('servicenow-incidents'));
    const lookup = servicenow.filter((r) => r.operation === 'listIncidents');
    const update = servicenow.filter((r) => r.operation === 'updateIncident');
    expect(lookup).toHaveLength(1);
    expect(lookup[0].query.sysparm_query).toBe('u_consignee_email=ana.silva@example.com');
    expect(update).toHaveLength(1);
    expect(update[0].validation.valid).toBe(true);
    expect(update[0].body).toMatchObject({ u_consignee_name: '', u_consignee_phone: '' });

    const salesforce = (await recorded(mockOf('salesforce-crm-sync'))).filter((r) => r.operation === 'deleteContact');
    expect(salesforce).toHaveLength(1);
    expect(salesforce[0].validation.valid).toBe(true);

    const snowflake = (await recorded(mockOf('snowflake-nightly-shipments'))).filter((r) => r.operation === 'SubmitStatement');
    expect(snowflake).toHaveLength(1);
    expect(snowflake[0].body).toMatchObject({ statement: expect.stringMatching(/^DELETE FROM/), bindings: { '1': { type: 'TEXT', value: 'ana.silva@example.com' } } });

    // Nothing was sent to connectors that do not hold the subject by email.
    expect((await recorded(mockOf('twilio-delivery-notifications'))).filter((r) => r.operation === 'DeleteMessage')).toHaveLength(0);

    // The obligation stays open until the vendor's evidence closes it; then the request completes.
    expect((await client.getErasure('dsr-e2e-1')).status).toBe('open');
    const closed = await client.closeErasureObligation('dsr-e2e-1', tokenize.stepId, { reference: 'CONFLUENT-ATTEST-2026-118' });
    expect(closed.status).toBe('completed');

    const bundle = await client.erasureEvidence('dsr-e2e-1');
    expect(bundle.items.map((i) => i.kind)).toEqual(['requested', 'obligation', ...Array(4).fill('attempt'), 'obligation-closed']);
    expect(JSON.stringify(bundle)).not.toContain('ana.silva@example.com');
    const entries: AuditEntry[] = [];
    for await (const e of client.auditEntries(5000)) entries.push(e);
    expect(verifyAuditChain(entries).ok).toBe(true);
    const chain = new Map(entries.map((e) => [e.seq, e]));
    expect(verifyEvidenceBundle(bundle, chain)).toEqual({ ok: true, items: 7, faults: [] });

    // A tampered bundle does not verify.
    const tampered = structuredClone(bundle);
    (tampered.items[2].data as Record<string, unknown>).state = 'failed';
    expect(verifyEvidenceBundle(tampered, chain).faults.map((f) => f.fault)).toEqual(expect.arrayContaining(['digest', 'item-digest']));
  }, 120_000);

  it('answers a subject no connector holds with "nothing held", still evidenced', async () => {
    const created = await client.createErasure({ identifiers: [{ type: 'phone', value: '+44 20 7946 0000' }], legalBasis: 'gdpr-art17', jurisdiction: 'us' });
    expect(created.status).toBe('nothing-held');
    expect(created.steps).toEqual([]);
    const bundle = await client.erasureEvidence(created.id);
    expect(bundle.items.map((i) => i.kind)).toEqual(['nothing-held']);
    expect((bundle.items[0].data.skipped as { integration: string; reason: string }[]).find((s) => s.integration === 'twilio-delivery-notifications')).toEqual({ integration: 'twilio-delivery-notifications', reason: 'jurisdiction', detail: 'eu,uk' });
  });
});
