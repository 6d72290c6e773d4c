import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';

describe('reads are audited off the request path (PostgreSQL)', () => {
  let t: TestRuntime;
  let release: () => void = () => undefined;
  beforeAll(async () => {
    t = await startTestRuntime('postgres', { delivery: false, scheduler: false, exports: false });
  });
  afterAll(async () => {
    release();
    await t?.dispose();
  });

  it('answers an authenticated read while a writer holds the audit log’s head, and audits it once the head is free', async () => {
    // A transaction holding the head row stands for a long mutation or a burst of event acceptance.
    let locked!: () => void;
    const held = new Promise<void>((resolve) => (locked = resolve));
    const writer = t.runtime.store.db.transaction(async (tx) => {
      await tx.query('SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE');
      locked();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await held;
    const res = await t.fetch('/v1/state', { role: 'auditor' });
    expect(res.status).toBe(200);
    release();
    await writer;
    await t.runtime.flushReadAudit();
    const entries = (await t.runtime.store.audit(0, 1000)).entries.filter((e) => e.action === 'getState');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: expect.stringMatching(/^auditor:/), data: { status: 200, method: 'GET' } });
    expect(typeof entries[0].data.answeredAt).toBe('string');
  });
});
