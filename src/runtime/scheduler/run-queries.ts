import type { Queryable } from '../store/database.js';
import { toIso, toIsoOrNull, toStringOrNull } from '../store/rows.js';
import type { JobRun, RunOutcome, RunTrigger } from '../../core/jobs-api.js';

export type { JobRun, RunOutcome } from '../../core/jobs-api.js';

type Row = Record<string, unknown>;

function toRun(r: Row, now: Date): JobRun {
  const running = r.outcome === 'running';
  const lapsed = running && new Date(toIso(r.lease_until)).getTime() < now.getTime();
  return {
    id: String(r.id),
    job: String(r.job),
    scheduledFor: toIso(r.scheduled_for),
    trigger: String(r.trigger) as RunTrigger,
    owner: String(r.owner),
    startedAt: toIso(r.started_at),
    finishedAt: toIsoOrNull(r.finished_at),
    outcome: lapsed ? 'abandoned' : (String(r.outcome) as RunOutcome),
    items: r.items === null || r.items === undefined ? null : Number(r.items),
    error: toStringOrNull(r.error),
  };
}

/** Claims one tick of a job: true when this caller inserted the row (and so runs it). */
export async function claimRun(db: Queryable, run: { id: string; job: string; scheduledFor: Date; trigger: RunTrigger; owner: string; now: Date; leaseUntil: Date }): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO job_runs (id, job, scheduled_for, trigger, owner, started_at, lease_until, outcome)
     VALUES ($1, $2, $3::timestamptz, $4, $5, $6::timestamptz, $7::timestamptz, 'running')
     ON CONFLICT (job, scheduled_for) DO NOTHING RETURNING id`,
    [run.id, run.job, run.scheduledFor.toISOString(), run.trigger, run.owner, run.now.toISOString(), run.leaseUntil.toISOString()],
  );
  return rows.length === 1;
}

export async function renewLease(db: Queryable, id: string, owner: string, until: Date): Promise<void> {
  await db.query(`UPDATE job_runs SET lease_until = $3::timestamptz WHERE id = $1 AND owner = $2 AND outcome = 'running'`, [id, owner, until.toISOString()]);
}

export async function finishRun(db: Queryable, id: string, owner: string, result: { outcome: 'succeeded' | 'failed'; items: number | null; error: string | null; at: Date }): Promise<void> {
  await db.query(`UPDATE job_runs SET outcome = $3, items = $4, error = $5, finished_at = $6::timestamptz WHERE id = $1 AND owner = $2`, [
    id,
    owner,
    result.outcome,
    result.items,
    result.error,
    result.at.toISOString(),
  ]);
}

/** The newest tick each job was claimed for (scheduled or caught up), for catch-up after downtime. */
export async function lastTicks(db: Queryable): Promise<Map<string, Date>> {
  const rows = await db.query<Row>(`SELECT job, max(scheduled_for) AS last FROM job_runs WHERE trigger <> 'manual' GROUP BY job`);
  return new Map(rows.map((r) => [String(r.job), new Date(toIso(r.last))]));
}

export async function lastRuns(db: Queryable, now: Date): Promise<Map<string, JobRun>> {
  const rows = await db.query<Row>(`SELECT DISTINCT ON (job) * FROM job_runs ORDER BY job, started_at DESC, scheduled_for DESC`);
  return new Map(rows.map((r) => [String(r.job), toRun(r, now)]));
}

export async function runHistory(db: Queryable, job: string, limit: number, now: Date): Promise<JobRun[]> {
  const rows = await db.query<Row>(`SELECT * FROM job_runs WHERE job = $1 ORDER BY started_at DESC, scheduled_for DESC LIMIT $2`, [job, limit]);
  return rows.map((r) => toRun(r, now));
}

export async function getRun(db: Queryable, id: string, now: Date): Promise<JobRun | null> {
  const [row] = await db.query<Row>(`SELECT * FROM job_runs WHERE id = $1`, [id]);
  return row ? toRun(row, now) : null;
}
