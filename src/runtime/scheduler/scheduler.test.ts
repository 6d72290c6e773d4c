import { afterAll, describe, expect, it } from 'vitest';
import { putIntegration, integrationSpec } from '../../../test/support/delivery-fixtures.js';
import { startRuntime, type RunningRuntime } from '../start.js';
import { freshLocation, freshStore, type TestLocation } from '../../../test/support/stores.js';
import { startTestRuntime } from '../../../test/support/test-runtime.js';
import type { JobKind, JobRunContext } from './job-kind.js';
import { Scheduler } from './scheduler.js';

/** Resolves when `test` holds, checking after each of the scheduler's runs (no sleeps on the clock). */
async function until(test: () => boolean, what: string, limitMs = 45_000): Promise<void> {
  const started = Date.now();
  while (!test()) {
    if (Date.now() - started > limitMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function countingKind(calls: { owner: string; ctx: JobRunContext }[], owner: string, cron: string, catchUp: 'latest' | 'none' = 'latest'): JobKind {
  return {
    kind: 'test',
    jobs: () => [{ id: 'test:tick', kind: 'test', integration: null, schedule: { cron, timezone: 'UTC', catchUp } }],
    async run(ctx) {
      calls.push({ owner, ctx });
      return { items: 1 };
    },
  };
}

describe('scheduler on one PostgreSQL schema shared by two runtimes', () => {
  let location: TestLocation;
  const runtimes: RunningRuntime[] = [];
  afterAll(async () => {
    for (const r of runtimes) await r.close();
    await location?.dispose();
  });

  it('runs a */1 * * * * * job once per tick across both', async () => {
    location = await freshLocation('postgres');
    const calls: { owner: string; ctx: JobRunContext }[] = [];
    for (const owner of ['a', 'b']) {
      runtimes.push(await startRuntime({ ...location.location, port: 0, delivery: false, scheduler: { owner, kinds: [countingKind(calls, owner, '*/1 * * * * *')] } }));
    }
    const ticks = () => new Set(calls.map((c) => c.ctx.scheduledFor.toISOString()));
    await until(() => ticks().size >= 4, 'four ticks');
    for (const r of runtimes) await r.services.scheduler!.idle();

    const perTick = new Map<string, string[]>();
    for (const c of calls) perTick.set(c.ctx.scheduledFor.toISOString(), [...(perTick.get(c.ctx.scheduledFor.toISOString()) ?? []), c.owner]);
    for (const [tick, owners] of perTick) expect({ tick, owners: owners.length }).toEqual({ tick, owners: 1 });
    for (const tick of perTick.keys()) expect(new Date(tick).getUTCMilliseconds()).toBe(0);

    const history = await runtimes[0].services.scheduler!.history('test:tick', 1000);
    const finished = history.filter((h) => h.outcome === 'succeeded');
    expect(new Set(finished.map((h) => h.scheduledFor)).size).toBe(finished.length);
    expect(history.map((h) => h.scheduledFor)).toEqual(expect.arrayContaining([...perTick.keys()]));
    expect(finished.every((h) => h.items === 1 && (h.owner === 'a' || h.owner === 'b'))).toBe(true);
  });
});

describe('catch-up after downtime (injected clock)', () => {
  for (const policy of ['latest', 'none'] as const) {
    it(`catchUp: ${policy}`, async () => {
      const fresh = await freshStore('embedded');
      try {
        // The job last ran for 08:00; the runtime comes back at 10:30 and missed 09:00 and 10:00.
        await fresh.store.db.query(
          `INSERT INTO job_runs (id, job, scheduled_for, trigger, owner, started_at, lease_until, finished_at, outcome, items)
           VALUES ('run_old', 'test:tick', '2026-03-02T08:00:00Z', 'schedule', 'x', '2026-03-02T08:00:00Z', '2026-03-02T08:01:00Z', '2026-03-02T08:00:01Z', 'succeeded', 1)`,
        );
        const calls: { owner: string; ctx: JobRunContext }[] = [];
        const scheduler = new Scheduler({
          db: fresh.store.db,
          clock: () => new Date('2026-03-02T10:30:00Z'),
          revision: async () => 1,
          integrations: async () => ({ revision: 1, integrations: [] }),
          kinds: [countingKind(calls, 'a', '0 * * * *', policy)],
        });
        await scheduler.start();
        await scheduler.idle();
        const jobs = await scheduler.list();
        await scheduler.close();
        expect(calls.map((c) => [c.ctx.trigger, c.ctx.scheduledFor.toISOString()])).toEqual(policy === 'latest' ? [['catch-up', '2026-03-02T10:00:00.000Z']] : []);
        expect(jobs.map((j) => [j.id, j.nextRunAt])).toEqual([['test:tick', '2026-03-02T11:00:00.000Z']]);
      } finally {
        await fresh.dispose();
      }
    });
  }
});

describe('jobs through the admin API', () => {
  it('lists the scheduled event job of an integration, runs it on demand and keeps its history', async () => {
    const failing: JobKind = {
      kind: 'broken',
      jobs: () => [{ id: 'broken:nightly', kind: 'broken', integration: null, schedule: { cron: '0 3 * * *', timezone: 'Europe/Stockholm', catchUp: 'none' } }],
      run: async () => {
        throw new Error('the export bucket is gone');
      },
    };
    const t = await startTestRuntime('embedded', { scheduler: { kinds: [failing] } });
    try {
      await putIntegration(t.runtime.store, 'acme', { ...integrationSpec('http://127.0.0.1:9/unused', { subscribe: ['nobody.*'] }), schedule: { cron: '0 0 1 1 *', timezone: 'UTC' } });
      const list = (await (await t.fetch('/v1/jobs', { role: 'auditor' })).json()) as { jobs: { id: string; kind: string; integration: string | null; nextRunAt: string; lastRun: unknown }[] };
      expect(list.jobs.map((j) => [j.id, j.kind, j.integration, j.lastRun])).toEqual([
        ['broken:nightly', 'broken', null, null],
        ['history:purge', 'history', null, null],
        ['scheduled:acme', 'scheduled', 'acme', null],
        // The embedded store's own maintenance (autovacuum does not run there).
        ['store:vacuum', 'store', null, null],
      ]);
      expect(new Date(list.jobs.find((j) => j.id === 'scheduled:acme')!.nextRunAt).getUTCMonth()).toBe(0);

      expect((await t.fetch('/v1/jobs/scheduled:acme/run', { method: 'POST', role: 'auditor' })).status).toBe(403);
      const ran = (await (await t.fetch('/v1/jobs/scheduled:acme/run', { method: 'POST', role: 'operator' })).json()) as { id: string; outcome: string; trigger: string; items: number };
      expect([ran.outcome, ran.trigger, ran.items]).toEqual(['succeeded', 'manual', 0]);
      const broken = (await (await t.fetch('/v1/jobs/broken:nightly/run', { method: 'POST', role: 'operator' })).json()) as { outcome: string; error: string };
      expect([broken.outcome, broken.error]).toEqual(['failed', 'the export bucket is gone']);

      const history = (await (await t.fetch('/v1/jobs/scheduled:acme/runs', { role: 'operator' })).json()) as { runs: { id: string }[] };
      expect(history.runs.map((r) => r.id)).toEqual([ran.id]);
      const events = await t.runtime.store.db.query<{ type: string; source: string }>('SELECT type, source FROM events');
      expect(events).toEqual([{ type: 'acme.scheduled', source: 'job:scheduled:acme' }]);
      const missing = await t.fetch('/v1/jobs/scheduled:nope/runs', { role: 'operator' });
      expect(missing.status).toBe(404);
    } finally {
      await t.dispose();
    }
  });
});
