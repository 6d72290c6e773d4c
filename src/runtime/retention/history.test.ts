import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, freshStore } from '../../../test/support/stores.js';
import type { Database } from '../store/database.js';
import { loadRuntimeConfig } from '../config.js';
import { historyJobKind, purgeHistory } from './history.js';

const NOW = new Date('2027-03-01T03:37:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000).toISOString();

async function seed(db: Database): Promise<void> {
  for (const [integration, age] of [['acme', 500], ['acme', 401], ['acme', 399], ['beta', 10]] as const) {
    await db.query(`INSERT INTO trust_scores (integration, at, score, inputs, reasons) VALUES ($1, $2::timestamptz, 90, '{}', '{}')`, [integration, daysAgo(age)]);
  }
  const run = (id: string, startedAge: number, finishedAge: number | null) =>
    db.query(
      `INSERT INTO job_runs (id, job, scheduled_for, trigger, owner, started_at, lease_until, finished_at, outcome)
       VALUES ($1, 'monitor:all', $2::timestamptz, 'schedule', 'o', $2::timestamptz, $2::timestamptz, $3::timestamptz, $4)`,
      [id, daysAgo(startedAge), finishedAge === null ? null : daysAgo(finishedAge), finishedAge === null ? 'running' : 'succeeded'],
    );
  await run('old-done', 450, 450);
  await run('old-running', 420, null);
  await run('recent', 5, 5);
  const alert = (id: string, status: string, resolvedAge: number | null) =>
    db.query(
      `INSERT INTO alerts (id, dedupe_key, rule, severity, integration, status, summary, data, opened_at, last_seen_at, resolved_at, routes)
       VALUES ($1, $1, 'sustained-5xx', 'sev2', 'acme', $2, 's', '{}', $3::timestamptz, $3::timestamptz, $4::timestamptz, '[]')`,
      [id, status, daysAgo(600), resolvedAge === null ? null : daysAgo(resolvedAge)],
    );
  await alert('resolved-long-ago', 'resolved', 450);
  await alert('resolved-lately', 'resolved', 30);
  await alert('still-open', 'open', null);
}

describe.each(ENGINES)('history:purge (%s store)', (engine) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });

  it('removes trust scores, finished job runs and resolved alerts older than the horizon, and audits the counts', async () => {
    const fresh = await freshStore(engine);
    dispose = fresh.dispose;
    const { db } = fresh.store;
    await seed(db);

    expect(await purgeHistory(db, NOW, 400)).toEqual({ trust_scores: 2, job_runs: 1, alerts: 1 });
    const left = async (sql: string) => (await db.query<{ k: string }>(sql)).map((r) => r.k).sort();
    expect(await left(`SELECT integration || '@' || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS k FROM trust_scores`)).toEqual([`acme@${daysAgo(399).slice(0, 10)}`, `beta@${daysAgo(10).slice(0, 10)}`]);
    expect(await left('SELECT id AS k FROM job_runs')).toEqual(['old-running', 'recent']);
    expect(await left('SELECT id AS k FROM alerts')).toEqual(['resolved-lately', 'still-open']);
    const audit = await fresh.store.audit(0, 1000);
    expect(audit.entries.filter((e) => e.action === 'history.purged').map((e) => e.data)).toEqual([{ at: NOW.toISOString(), days: 400, counts: { trust_scores: 2, job_runs: 1, alerts: 1 } }]);

    // A second run finds nothing and writes no audit entry.
    const kind = historyJobKind(db, 400);
    const [job] = kind.jobs([]);
    expect(job.id).toBe('history:purge');
    expect(await kind.run({ job, runId: 'r2', scheduledFor: NOW, trigger: 'manual', signal: new AbortController().signal })).toEqual({ items: 0 });
    expect((await fresh.store.audit(0, 1000)).entries.filter((e) => e.action === 'history.purged')).toHaveLength(1);
  });
});

describe('INTERLOCK_HISTORY_DAYS', () => {
  it('sets the horizon; anything but a positive whole number is refused by name', () => {
    expect(loadRuntimeConfig({}, { INTERLOCK_HISTORY_DAYS: '90' }, '/tmp').config?.historyDays).toBe(90);
    expect(loadRuntimeConfig({}, {}, '/tmp').config?.historyDays).toBeUndefined();
    for (const bad of ['0', '-5', '1.5', 'forever']) expect(loadRuntimeConfig({}, { INTERLOCK_HISTORY_DAYS: bad }, '/tmp').error).toMatch(/^INTERLOCK_HISTORY_DAYS/);
  });
});
