import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeBadRequestError, RuntimeConflictError, RuntimeNotFoundError } from '../../runtime-client/errors.js';
import { startRuntime } from '../start.js';
import { ENGINES } from '../../../test/support/stores.js';
import { createChange, updateChange, validSpec } from '../../../test/support/resource-specs.js';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';

const vendor = (name: string, fields: Record<string, unknown> = { legalName: name }) => createChange('Vendor', name, fields);

describe.each(ENGINES)('admin API on %s', (engine) => {
  let t: TestRuntime;
  beforeAll(async () => {
    t = await startTestRuntime(engine);
  });
  afterAll(async () => t?.dispose());

  it('resource CRUD through apply, history and out-of-band edit', async () => {
    const op = t.client('operator');
    expect((await op.getState()).revision).toBe(0);
    const r1 = await op.apply({ expectedRevision: 0, commit: 'c1', author: 'dev', changes: [vendor('acme'), createChange('Integration', 'acme-crm', {}, { labels: { 'interlock.dev/owner': 'ws' } })] });
    expect(r1.revision).toBe(1);
    const r2 = await op.apply({ expectedRevision: 1, commit: 'c2', changes: [updateChange('Vendor', 'acme', { legalName: 'Acme Inc' })] });
    expect(r2).toEqual({ revision: 2, results: [{ kind: 'Vendor', name: 'acme', action: 'update', status: 'applied' }] });
    const got = await op.getResource('Vendor', 'acme');
    expect(got).toMatchObject({ kind: 'Vendor', name: 'acme', spec: { legalName: 'Acme Inc' }, revision: 2, commit: 'c2', protect: false });
    expect(got.hash).toMatch(/^[0-9a-f]{64}$/);

    const admin = t.client('admin');
    const drifted = validSpec('Vendor', { legalName: 'Drifted' });
    const edited = await admin.putResource('Vendor', 'acme', { spec: drifted });
    expect(edited.revision).toBe(3);
    expect(edited.commit).toBeUndefined();
    const history = await op.history('Vendor', 'acme');
    expect(history.map((h) => [h.revision, h.action, h.commit])).toEqual([
      [1, 'create', 'c1'],
      [2, 'update', 'c2'],
      [3, 'edit', null],
    ]);
    expect(history[2].actor).toMatch(/^admin:/);

    await op.apply({ expectedRevision: 3, changes: [{ action: 'delete', kind: 'Vendor', name: 'acme' }] });
    await expect(op.getResource('Vendor', 'acme')).rejects.toBeInstanceOf(RuntimeNotFoundError);
    expect((await op.getState({ kind: 'Integration' })).resources.map((r) => r.name)).toEqual(['acme-crm']);
  });

  it('refuses stale revisions and conflicting batches atomically', async () => {
    const op = t.client('operator');
    const { revision } = await op.getState();
    const stale = await op.apply({ expectedRevision: revision - 1, changes: [vendor('late')] }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(RuntimeConflictError);
    expect((stale as RuntimeConflictError).slug).toBe('stale-revision');
    expect((stale as RuntimeConflictError).currentRevision).toBe(revision);

    const conflict = await op
      .apply({ expectedRevision: revision, changes: [vendor('fresh'), vendor('fresh-2'), createChange('Integration', 'acme-crm'), updateChange('Vendor', 'ghost')] })
      .catch((e: unknown) => e as RuntimeConflictError);
    expect(conflict).toBeInstanceOf(RuntimeConflictError);
    expect((conflict as RuntimeConflictError).problem.conflicts).toEqual([
      { kind: 'Integration', name: 'acme-crm', action: 'create', reason: 'exists' },
      { kind: 'Vendor', name: 'ghost', action: 'update', reason: 'missing' },
    ]);
    const after = await op.getState();
    expect(after.revision).toBe(revision);
    expect(after.resources.some((r) => r.name === 'fresh')).toBe(false);
  });

  it('protect survives delete until released', async () => {
    const op = t.client('operator');
    let { revision } = await op.getState();
    ({ revision } = await op.apply({ expectedRevision: revision, changes: [{ ...vendor('keep'), protect: true }] }));
    const refused = await op.apply({ expectedRevision: revision, changes: [{ action: 'delete', kind: 'Vendor', name: 'keep' }] }).catch((e: unknown) => e as RuntimeConflictError);
    expect((refused as RuntimeConflictError).problem.conflicts).toEqual([{ kind: 'Vendor', name: 'keep', action: 'delete', reason: 'protected' }]);
    await expect(op.releaseResource('Vendor', 'keep')).rejects.toMatchObject({ status: 403 });
    const released = await t.client('admin').releaseResource('Vendor', 'keep');
    expect(released.protect).toBe(false);
    await op.apply({ expectedRevision: released.revision, changes: [{ action: 'delete', kind: 'Vendor', name: 'keep' }] });
    expect((await op.history('Vendor', 'keep')).map((h) => h.action)).toEqual(['create', 'release', 'delete']);
  });

  it('serialises two concurrent appliers: exactly one wins', async () => {
    const a = t.client('operator');
    const b = t.client('admin');
    const { revision } = await a.getState();
    const outcomes = await Promise.allSettled([
      a.apply({ expectedRevision: revision, changes: [vendor('from-a')] }),
      b.apply({ expectedRevision: revision, changes: [vendor('from-b')] }),
    ]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0].reason as RuntimeConflictError).slug).toBe('stale-revision');
    const state = await a.getState();
    expect(state.revision).toBe(revision + 1);
    expect(state.resources.filter((r) => r.name === 'from-a' || r.name === 'from-b')).toHaveLength(1);
  });

  it('lease: one holder at a time, fencing tokens grow, writes are fenced', async () => {
    const op = t.client('operator');
    const lease = await op.acquireLease('reconciler-1', 30);
    await expect(op.acquireLease('reconciler-2', 30)).rejects.toMatchObject({ problem: { holder: 'reconciler-1' }, status: 409 });
    const { revision } = await op.getState();
    await expect(op.apply({ expectedRevision: revision, changes: [vendor('unfenced')] })).rejects.toMatchObject({ slug: 'lease-held' });
    await expect(op.apply({ expectedRevision: revision, leaseToken: lease.token + 1, changes: [vendor('wrong')] })).rejects.toMatchObject({ slug: 'lease-fenced' });
    const ok = await op.apply({ expectedRevision: revision, leaseToken: lease.token, changes: [vendor('fenced')] });
    expect(ok.revision).toBe(revision + 1);
    const renewed = await op.renewLease(lease.token, 60);
    expect(renewed.token).toBe(lease.token);
    await op.releaseLease(lease.token);
    const next = await op.acquireLease('reconciler-2', 30);
    expect(next.token).toBeGreaterThan(lease.token);
    // The old holder wakes up with its old token: refused.
    await expect(op.apply({ expectedRevision: ok.revision, leaseToken: lease.token, changes: [vendor('zombie')] })).rejects.toMatchObject({ slug: 'lease-fenced' });
    await expect(op.releaseLease(lease.token)).rejects.toMatchObject({ slug: 'lease-fenced' });
    await op.releaseLease(next.token);
  });

  it.each([
    ['malformed JSON', '{"expectedRevision": 0,', 'malformed-json'],
    ['wrong type', JSON.stringify({ expectedRevision: 'zero', changes: [] }), 'invalid-request'],
    ['unknown field', JSON.stringify({ expectedRevision: 0, changes: [], force: true }), 'invalid-request'],
    ['unknown kind', JSON.stringify({ expectedRevision: 0, changes: [{ action: 'create', kind: 'Thing', name: 'x', spec: {} }] }), 'invalid-request'],
    ['create without spec', JSON.stringify({ expectedRevision: 0, changes: [{ action: 'create', kind: 'Vendor', name: 'x' }] }), 'invalid-request'],
    ['duplicate target', JSON.stringify({ expectedRevision: 0, changes: [vendor('x'), vendor('x')] }), 'invalid-request'],
  ])('bad input (%s) → 400 problem, nothing stored', async (_label, body, type) => {
    const before = await t.client('admin').getState();
    const res = await t.fetch('/v1/apply', { method: 'POST', body, role: 'operator' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await res.json()) as { type: string; status: number };
    expect(problem.type).toBe(`https://interlock.dev/problems/${type}`);
    expect(problem.status).toBe(400);
    expect((await t.client('admin').getState()).revision).toBe(before.revision);
  });

  it('names the offending field of a schema violation by pointer', async () => {
    const err = await t
      .client('operator')
      .apply({ expectedRevision: 0, changes: [{ ...vendor('x'), name: 'UPPER' }] })
      .catch((e: unknown) => e as RuntimeBadRequestError);
    expect(err).toBeInstanceOf(RuntimeBadRequestError);
    expect((err as RuntimeBadRequestError).problem.errors).toContainEqual(expect.objectContaining({ pointer: '/changes/0/name', keyword: 'pattern' }));
  });

  it('refuses an oversized body with a 400 problem', async () => {
    // A second server over the same store, with a small limit.
    const small = await startRuntime({ store: t.runtime.store, port: 0, maxBodyBytes: 1024 });
    try {
      const before = await t.client('admin').getState();
      const res = await fetch(`${small.url}/v1/apply`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.tokens.operator}`, 'content-type': 'application/json' },
        body: JSON.stringify({ expectedRevision: before.revision, changes: [vendor('big', { legalName: 'x'.repeat(4096) })] }),
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { type: string }).type).toBe('https://interlock.dev/problems/body-too-large');
      expect((await t.client('admin').getState()).revision).toBe(before.revision);
    } finally {
      await small.close();
    }
  });

  it('serves health, readiness, metrics and 404/405 problems', async () => {
    expect((await t.fetch('/healthz', { role: null })).status).toBe(200);
    expect(await (await t.fetch('/readyz', { role: null })).json()).toEqual({ status: 'ok', engine });
    const metrics = await (await t.fetch('/metrics', { role: null })).text();
    expect(metrics).toMatch(/interlock_http_requests_total\{operation="applyChanges",status="200"\} \d+/);
    expect(metrics).toMatch(/^interlock_state_revision \d+$/m);
    expect(metrics).toMatch(/interlock_apply_total\{outcome="conflict"\} \d+/);
    expect((await t.fetch('/v1/nope')).status).toBe(404);
    const res = await t.fetch('/v1/apply', { method: 'GET' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });
});
