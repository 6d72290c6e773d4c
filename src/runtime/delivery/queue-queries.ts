import { payloadsOf, type Database, type Queryable } from '../store/database.js';
import { JOB_COLUMNS, jobFromRow, type DeliveryJobRow } from './job-rows.js';
import type { DeliveryJob } from './model.js';

/**
 * Both claims below take the first few due rows in `next_attempt_at` order. Neither engine's planner knows
 * how many rows are due (the embedded engine never analyses its tables; PostgreSQL's statistics lag a
 * filling outbox), so it guesses a handful and sorts every due row (bitmap scan, then sort) to take the
 * first `limit`: a claim's cost grew with the backlog. With sorting ruled out for the one statement it walks
 * the `deliveries_due` index in order and stops at `limit`, whatever the backlog (as action calls' claims do).
 */
const ORDERED_WALK = 'SET LOCAL enable_sort = off';

/**
 * Claims up to `limit` due deliveries by locking them until `lockedUntil`. A worker that dies leaves its
 * lock to expire and another (or the restarted process) takes the delivery again: at least once.
 * `SKIP LOCKED` lets several runtimes on one PostgreSQL database claim side by side.
 */
export async function claimDue(
  db: Database,
  opts: { now: Date; lockedUntil: Date; limit: number; skipIntegrations: readonly string[] },
): Promise<DeliveryJob[]> {
  const rows = await db.transaction(async (tx) => {
    await tx.query(ORDERED_WALK);
    return tx.query<DeliveryJobRow>(
      `UPDATE deliveries d SET locked_until = $2::timestamptz
       FROM (SELECT id FROM deliveries
             WHERE status = 'pending' AND next_attempt_at <= $1::timestamptz
               AND (locked_until IS NULL OR locked_until <= $1::timestamptz)
               AND NOT (integration = ANY($4::text[]))
             ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED) c
       WHERE d.id = c.id
       RETURNING ${JOB_COLUMNS}`,
      [opts.now.toISOString(), opts.lockedUntil.toISOString(), opts.limit, opts.skipIntegrations],
    );
  });
  return rows.map((r) => jobFromRow(r, payloadsOf(db))).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

/**
 * The embedded store's claim: only one process can open its directory, so the deliveries this process
 * holds are known in memory and excluded here; no lock is written (after a crash there is nothing to
 * expire: everything pending is due again at once).
 */
export async function selectDue(db: Database, opts: { now: Date; limit: number; skipIntegrations: readonly string[]; held: readonly string[] }): Promise<DeliveryJob[]> {
  const rows = await db.transaction(async (tx) => {
    await tx.query(ORDERED_WALK);
    return tx.query<DeliveryJobRow>(
      `SELECT ${JOB_COLUMNS} FROM deliveries d
       WHERE d.status = 'pending' AND d.next_attempt_at <= $1::timestamptz
         AND NOT (d.integration = ANY($3::text[])) AND NOT (d.id = ANY($4::text[]))
       ORDER BY d.next_attempt_at LIMIT $2`,
      [opts.now.toISOString(), opts.limit, opts.skipIntegrations, opts.held],
    );
  });
  return rows.map((r) => jobFromRow(r, payloadsOf(db)));
}

/** When the next delivery falls due (for a worker deciding how long to sleep). */
export async function nextDueAt(db: Queryable): Promise<Date | null> {
  const [row] = await db.query<{ at: unknown }>(`SELECT min(next_attempt_at) AS at FROM deliveries WHERE status = 'pending'`);
  return row?.at ? new Date(row.at instanceof Date ? row.at.getTime() : String(row.at)) : null;
}

/** Outbox rows not yet handed to the bus, oldest first. */
export async function unpublished(db: Queryable, limit: number): Promise<DeliveryJob[]> {
  const rows = await db.query<DeliveryJobRow>(
    `SELECT ${JOB_COLUMNS} FROM deliveries d WHERE d.status = 'pending' AND NOT d.published ORDER BY d.created_at LIMIT $1`,
    [limit],
  );
  return rows.map((r) => jobFromRow(r, payloadsOf(db)));
}

export async function markPublished(db: Queryable, jobs: readonly { id: string; generation: number }[]): Promise<void> {
  if (!jobs.length) return;
  await db.query(
    `UPDATE deliveries d SET published = true FROM unnest($1::text[], $2::int[]) AS u(id, gen) WHERE d.id = u.id AND d.generation = u.gen`,
    [jobs.map((j) => j.id), jobs.map((j) => j.generation)],
  );
}
