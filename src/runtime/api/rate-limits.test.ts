import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';
import { loadRuntimeConfig } from '../config.js';

describe('rate-limit and backlog settings from the environment', () => {
  it('reads INTERLOCK_RATE_LIMIT and INTERLOCK_OUTBOX_MAX_BACKLOG, and names a bad value', () => {
    const load = (env: Record<string, string>) => loadRuntimeConfig({}, env, '/');
    expect(load({ INTERLOCK_RATE_LIMIT: '100/50/10000', INTERLOCK_OUTBOX_MAX_BACKLOG: '5000' }).config).toMatchObject({ rateLimits: { burst: 100, perSecond: 50, daily: 10000 }, backpressure: { maxBacklog: 5000 } });
    expect(load({ INTERLOCK_RATE_LIMIT: 'off', INTERLOCK_OUTBOX_MAX_BACKLOG: 'off' }).config).toMatchObject({ rateLimits: false, backpressure: false });
    expect(load({}).config).not.toHaveProperty('rateLimits');
    expect(load({ INTERLOCK_RATE_LIMIT: '100' }).error).toMatch(/INTERLOCK_RATE_LIMIT/);
    expect(load({ INTERLOCK_OUTBOX_MAX_BACKLOG: 'lots' }).error).toMatch(/INTERLOCK_OUTBOX_MAX_BACKLOG/);
  });
});

describe('rate limits per token and backpressure on event intake', () => {
  let t: TestRuntime;
  let now = new Date('2026-12-01T10:00:00Z');
  beforeAll(async () => {
    t = await startTestRuntime('embedded', {
      clock: () => now,
      rateLimits: { burst: 3, perSecond: 1 },
      backpressure: { maxBacklog: 1, refreshMs: 1000 },
      delivery: { workers: false },
      scheduler: false,
      exports: false,
      streams: false,
    });
  });
  afterAll(async () => t?.dispose());

  it('answers 429 with Retry-After and RateLimit fields past the burst, per token, and refills with the clock', async () => {
    const calls = [];
    for (let i = 0; i < 4; i++) calls.push(await t.fetch('/v1/state', { role: 'operator' }));
    expect(calls.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(calls.map((r) => r.headers.get('ratelimit'))).toEqual(['"burst";r=2;t=1', '"burst";r=1;t=2', '"burst";r=0;t=1', '"burst";r=0;t=1']);
    for (const r of calls) expect(r.headers.get('ratelimit-policy')).toBe('"burst";q=3;w=3');
    const refused = calls[3];
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(await refused.json()).toMatchObject({ type: 'https://interlock.dev/problems/rate-limited', status: 429, 'violated-policies': ['burst'] });
    // Another token has its own bucket; public routes are not limited.
    expect((await t.fetch('/v1/state', { role: 'auditor' })).status).toBe(200);
    expect((await t.fetch('/healthz', { role: null })).headers.get('ratelimit')).toBeNull();
    now = new Date(now.getTime() + 1000);
    expect((await t.fetch('/v1/state', { role: 'operator' })).status).toBe(200);
    expect((await t.fetch('/v1/state', { role: 'operator' })).status).toBe(429);
  });

  it('sums up a token’s limited calls in one audit entry per window, not one per call', async () => {
    await t.runtime.flushRefusals(true);
    const entries = (await t.runtime.store.audit(0, 10_000)).entries.filter((e) => e.action === 'rateLimited');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: expect.stringMatching(/^operator:/), data: { count: 2, problems: { 'rate-limited': 2 }, paths: { '/v1/state': 2 } } });
    expect((await t.runtime.store.audit(0, 10_000)).entries.filter((e) => e.data.status === 429)).toHaveLength(0);
  });

  it('refuses event intake with 503 and Retry-After while the outbox backlog is past its bound', async () => {
    now = new Date(now.getTime() + 60_000);
    const db = t.runtime.store.db;
    await db.query("INSERT INTO events (id, type, data, source, accepted_at) VALUES ('ev-bp', 'x.y', '{}', 'test', now())");
    for (const id of ['d-1', 'd-2']) {
      await db.query("INSERT INTO deliveries (id, event_id, integration, variant, target, body, status, created_at) VALUES ($1, 'ev-bp', 'acme', 'stable', 'http://127.0.0.1:9/x', '{}', 'pending', now())", [id]);
    }
    now = new Date(now.getTime() + 1000);
    const res = await t.fetch('/v1/events', { role: 'operator', method: 'POST', body: JSON.stringify({ type: 'x.y', data: {} }) });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toMatchObject({ type: 'https://interlock.dev/problems/backpressure', backlog: 2, bound: 1 });
    await db.query("UPDATE deliveries SET status = 'delivered' WHERE event_id = 'ev-bp'");
    now = new Date(now.getTime() + 1000);
    expect((await t.fetch('/v1/events', { role: 'operator', method: 'POST', body: JSON.stringify({ type: 'x.y', data: {} }) })).status).toBe(202);
  });
});
