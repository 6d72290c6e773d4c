import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';

describe('failed authentication is rate limited per client and summarised in the audit log (injected clock, embedded store)', () => {
  let t: TestRuntime;
  let now = Date.parse('2026-03-01T12:00:00Z');
  beforeAll(async () => {
    t = await startTestRuntime('embedded', { clock: () => new Date(now), failedAuthLimits: { capacity: 5, refillPerSecond: 1, maxClients: 100 }, refusalWindowMs: 60_000 });
  });
  afterAll(async () => t?.dispose());

  const refusedRows = async () => (await t.runtime.store.audit(0, 10_000)).entries.filter((e) => e.action === 'authRefused' || e.data.status === 401 || e.data.status === 429);

  it('answers 401 until the bucket is empty, then 429 with Retry-After, writing no audit row per request', async () => {
    // A token verified before the flood keeps working from the same address while it is refused.
    expect((await t.fetch('/v1/state', { role: 'operator' })).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await t.fetch(i % 2 ? '/v1/state' : '/v1/audit', { role: null, ...(i % 3 ? { token: `ilk_guess${i}` } : {}) });
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get('retry-after')).toBe('1');
      await res.arrayBuffer();
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
    expect((await t.fetch('/v1/state', { role: 'operator' })).status).toBe(200);
    expect(await refusedRows()).toEqual([]);

    expect(await t.runtime.flushRefusals()).toBe(0); // the window is still open
    now += 60_000;
    expect(await t.runtime.flushRefusals()).toBe(1);
    const rows = await refusedRows();
    expect(rows.map((r) => ({ actor: r.actor, action: r.action, ...r.data }))).toEqual([
      {
        actor: 'anonymous',
        action: 'authRefused',
        client: '127.0.0.1',
        count: 12,
        from: '2026-03-01T12:00:00.000Z',
        to: '2026-03-01T12:00:00.000Z',
        problems: { unauthorized: 5, 'too-many-requests': 7 },
        paths: { '/v1/audit': 6, '/v1/state': 6 },
      },
    ]);
    // Tokens came back with time: the next failure is a 401 again.
    expect((await t.fetch('/v1/state', { role: null })).status).toBe(401);
  });
});
