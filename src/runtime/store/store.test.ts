import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditInput } from '../model.js';
import { ENGINES, freshStore } from '../../../test/support/stores.js';
import type { Store } from './store.js';

const audit: AuditInput = { actor: 'test', action: 'applyChanges', target: 'state', data: {} };
const at = (iso = '2026-01-01T00:00:00.000Z') => ({ actor: 'tester', now: new Date(iso) });

describe.each(ENGINES)('store on %s', (engine) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await freshStore(engine));
  });
  afterAll(async () => dispose?.());

  it('starts empty at revision 0', async () => {
    expect(await store.state()).toEqual({ revision: 0, commit: null, appliedAt: null, resources: [] });
  });

  it('applies a batch and reads it back', async () => {
    const result = await store.apply(
      {
        expectedRevision: 0,
        commit: 'abc123',
        author: 'dev@example.com',
        changes: [
          { action: 'create', kind: 'Vendor', name: 'acme', spec: { legalName: 'Acme', b: 1, a: 2 }, labels: { owner: 'team' } },
          { action: 'create', kind: 'Integration', name: 'acme-crm', spec: { vendor: 'acme' }, protect: true },
        ],
      },
      at(),
      audit,
    );
    expect(result).toEqual({
      revision: 1,
      results: [
        { kind: 'Vendor', name: 'acme', action: 'create', status: 'applied' },
        { kind: 'Integration', name: 'acme-crm', action: 'create', status: 'applied' },
      ],
    });
    const state = await store.state();
    expect(state.revision).toBe(1);
    expect(state.commit).toBe('abc123');
    expect(state.resources.map((r) => `${r.kind}/${r.name}@${r.revision}:${r.protect}`)).toEqual(['Integration/acme-crm@1:true', 'Vendor/acme@1:false']);
    const vendor = await store.resource('Vendor', 'acme');
    expect(Object.keys(vendor!.spec)).toEqual(['legalName', 'b', 'a']);
    expect(vendor!.labels).toEqual({ owner: 'team' });
    expect(vendor!.commit).toBe('abc123');
    // The SQL-built snapshot and the single-resource read agree field for field.
    expect(state.resources.find((r) => r.kind === 'Vendor')).toEqual(vendor);
    expect(JSON.parse(await store.stateJson({ kind: 'Vendor' }))).toEqual({ ...state, resources: [vendor] });
  });

  it('updates keep omitted fields and deletes respect protection', async () => {
    await store.apply({ expectedRevision: 1, changes: [{ action: 'update', kind: 'Vendor', name: 'acme', spec: { legalName: 'Acme 2' } }] }, at(), audit);
    const vendor = await store.resource('Vendor', 'acme');
    expect(vendor!.spec).toEqual({ legalName: 'Acme 2' });
    expect(vendor!.labels).toEqual({ owner: 'team' });
    expect(vendor!.revision).toBe(2);
    await expect(store.apply({ expectedRevision: 2, changes: [{ action: 'delete', kind: 'Integration', name: 'acme-crm' }] }, at(), audit)).rejects.toMatchObject({
      slug: 'change-conflict',
      extensions: { conflicts: [{ kind: 'Integration', name: 'acme-crm', action: 'delete', reason: 'protected' }] },
    });
  });

  it('refuses a stale revision with the current one', async () => {
    await expect(store.apply({ expectedRevision: 1, changes: [] }, at(), audit)).rejects.toMatchObject({
      slug: 'stale-revision',
      extensions: { currentRevision: 2 },
    });
  });

  it('serves a fresh snapshot after every change (the snapshot cache follows the revision)', async () => {
    const before = await store.stateJson();
    expect(await store.stateJson()).toBe(before);
    await store.putResource('Vendor', 'acme', { spec: { legalName: 'Edited' } }, at(), audit);
    const after = JSON.parse(await store.stateJson()) as { revision: number; resources: { name: string; spec: unknown }[] };
    expect(after.revision).toBe((JSON.parse(before) as { revision: number }).revision + 1);
    expect(after.resources.find((r) => r.name === 'acme')!.spec).toEqual({ legalName: 'Edited' });
    await store.apply({ expectedRevision: after.revision, commit: 'only-commit', changes: [] }, at('2026-01-02T00:00:00.000Z'), audit);
    expect(JSON.parse(await store.stateJson())).toMatchObject({ revision: after.revision, commit: 'only-commit', appliedAt: '2026-01-02T00:00:00.000Z' });
  });
});
