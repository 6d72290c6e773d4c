import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';
import { verifyAuditChain } from '../audit/chain.js';
import type { AuditEntry } from '../model.js';
import { verifyEvidenceBundle } from './evidence-verify.js';
import type { OperationCaller, VendorAnswer } from './vendor-caller.js';

/** A scripted vendor behind the caller seam: answers per operation, and a log of every call made. */
function scriptedCaller(answers: Record<string, (n: number) => VendorAnswer>): OperationCaller & { calls: { operation: string; key: string }[] } {
  const calls: { operation: string; key: string }[] = [];
  return {
    calls,
    async call(_target, operation, _mapping, { idempotencyKey }) {
      calls.push({ operation, key: idempotencyKey });
      const n = calls.filter((c) => c.operation === operation).length;
      return { ...(answers[operation]?.(n) ?? { ok: true, status: 200, body: {} }), method: 'DELETE', path: `/${operation}` };
    },
    close() {},
  };
}

async function applyIntegrations(t: TestRuntime, integrations: { name: string; erasure: Record<string, unknown>; subjects?: string[] }[]): Promise<void> {
  await t.client('admin').apply({
    expectedRevision: await t.runtime.store.revision(),
    changes: integrations.map((i) => ({
      action: 'create' as const,
      kind: 'Integration',
      name: i.name,
      spec: { vendor: 'acme', contract: { ref: 'acme-api' }, direction: 'outbound', endpoint: { baseUrl: 'https://x.example' }, auth: { type: 'none' }, data: { subjects: i.subjects ?? ['eu'] }, erasure: i.erasure },
    })),
  });
}

const FAST_RETRY = { delaysMs: [0, 1, 1], jitter: 0, maxRetryAfterMs: 10 };

for (const engine of ['embedded', 'postgres'] as const) {
  describe(`erasure requests (${engine} store, scripted vendor)`, () => {
    let t: TestRuntime | undefined;
    afterEach(async () => t?.dispose());

    it('refuses a role without the erasure permission with 403, audited', async () => {
      t = await startTestRuntime(engine, { erasure: { caller: scriptedCaller({}), pollMs: 50 }, scheduler: false });
      const res = await t.fetch('/v1/erasure', { role: 'operator', method: 'POST', body: JSON.stringify({ identifiers: [{ type: 'email', value: 'a@example.com' }], legalBasis: 'gdpr-art17' }) });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { type: string }).type).toMatch(/forbidden$/);
      const page = await t.runtime.store.audit(0, 1000);
      expect(page.entries.filter((e) => e.action === 'createErasure').map((e) => [e.actor.split(':')[0], e.data.status])).toEqual([['operator', 403]]);
    });

    it('answers an unknown identifier type with a 400 problem located at the identifier', async () => {
      t = await startTestRuntime(engine, { erasure: { caller: scriptedCaller({}), pollMs: 50 }, scheduler: false });
      const res = await t.fetch('/v1/erasure', { role: 'privacy', method: 'POST', body: JSON.stringify({ identifiers: [{ type: 'fax', value: '123' }], legalBasis: 'gdpr-art17' }) });
      expect(res.status).toBe(400);
      const problem = (await res.json()) as { errors: { pointer: string }[] };
      expect(problem.errors.map((e) => e.pointer)).toContain('/identifiers/0/type');
      const bad = await t.fetch('/v1/erasure', { role: 'privacy', method: 'POST', body: JSON.stringify({ identifiers: [{ type: 'email', value: 'not-an-email' }], legalBasis: 'gdpr-art17' }) });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual(['/identifiers/0/value']);
    });

    it('answers a subject no connector holds with "nothing held": no vendor call, closed, evidenced and verifiable', async () => {
      const caller = scriptedCaller({});
      t = await startTestRuntime(engine, { erasure: { caller, pollMs: 20 }, scheduler: false });
      await applyIntegrations(t, [
        { name: 'crm', erasure: { method: 'delete', operation: 'deleteUser', identifier: 'email' } },
        { name: 'eu-only', erasure: { method: 'delete', operation: 'deleteUser', identifier: 'phone', identifierType: 'phone' }, subjects: ['eu'] },
      ]);
      const privacy = t.client('privacy');
      const created = await privacy.createErasure({ id: 'dsr-none', identifiers: [{ type: 'phone', value: '+1 202 555 0100' }], legalBasis: 'ccpa', jurisdiction: 'us' });
      expect([created.status, created.steps]).toEqual(['nothing-held', []]);
      const bundle = await privacy.erasureEvidence('dsr-none');
      expect(bundle.items.map((i) => i.kind)).toEqual(['nothing-held']);
      expect(bundle.items[0].data.skipped).toEqual([
        { integration: 'crm', reason: 'identifier-type', detail: 'email' }, // crm knows subjects by email only
        { integration: 'eu-only', reason: 'jurisdiction', detail: 'eu' },
      ]);
      const page = await t.runtime.store.audit(0, 1000);
      expect(verifyEvidenceBundle(bundle, new Map(page.entries.map((e) => [e.seq, e])))).toMatchObject({ ok: true });
      expect(caller.calls).toEqual([]);
    });

    it('retries a vendor 500 on the delivery schedule, then fails with evidence of each attempt; is idempotent per request id', async () => {
      const caller = scriptedCaller({ deleteUser: () => ({ ok: false, status: 500, body: { error: 'boom' }, error: 'deleteUser: HTTP 500' }) });
      t = await startTestRuntime(engine, { erasure: { caller, pollMs: 20, retry: FAST_RETRY }, scheduler: false });
      await applyIntegrations(t, [
        { name: 'crm', erasure: { method: 'delete', operation: 'deleteUser', identifier: 'email' } },
        { name: 'warehouse', erasure: { method: 'tokenize', identifier: 'email', withinDays: 14 } },
      ]);
      const privacy = t.client('privacy');
      const input = { id: 'dsr-500', identifiers: [{ type: 'email', value: 'b@example.com' }], legalBasis: 'gdpr-art17' };
      await privacy.createErasure(input);
      const again = await t.fetch('/v1/erasure', { role: 'privacy', method: 'POST', body: JSON.stringify(input) });
      expect(again.status).toBe(200);
      const conflict = await t.fetch('/v1/erasure', { role: 'privacy', method: 'POST', body: JSON.stringify({ ...input, legalBasis: 'other' }) });
      expect(conflict.status).toBe(409);
      await vi.waitFor(async () => expect((await privacy.getErasure('dsr-500')).steps.find((s) => s.integration === 'crm')!.state).toBe('failed'), { timeout: 30_000, interval: 20 });
      expect(caller.calls).toEqual(Array(3).fill({ operation: 'deleteUser', key: 'dsr-500:crm:delete' }));
      const bundle = await privacy.erasureEvidence('dsr-500');
      const attempts = bundle.items.filter((i) => i.kind === 'attempt');
      expect(attempts.map((a) => [a.data.attempt, a.data.state, (a.data.call as { answer: { status: number } }).answer.status])).toEqual([
        [1, 'retrying', 500],
        [2, 'retrying', 500],
        [3, 'failed', 500],
      ]);
      const entries: AuditEntry[] = [];
      for (let after = 0; ; ) {
        const page = await t.runtime.store.audit(after, 1000);
        entries.push(...page.entries);
        if (page.next === null) break;
        after = page.next;
      }
      expect(verifyAuditChain(entries, await t.runtime.store.auditHead()).ok).toBe(true);
      expect(verifyEvidenceBundle(bundle, new Map(entries.map((e) => [e.seq, e])))).toMatchObject({ ok: true });
      // The obligation is still open, so the request is too; an operator may not close it.
      expect((await privacy.getErasure('dsr-500')).status).toBe('open');
      const refused = await t.fetch('/v1/erasure/dsr-500/steps/warehouse:tokenize/evidence', { role: 'operator', method: 'POST', body: JSON.stringify({ reference: 'x' }) });
      expect(refused.status).toBe(403);
      expect((await privacy.closeErasureObligation('dsr-500', 'warehouse:tokenize', { reference: 'ATTEST-1' })).status).toBe('failed');
    });
  });
}
