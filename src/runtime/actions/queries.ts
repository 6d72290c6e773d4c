import { payloadsOf, type Queryable } from '../store/database.js';
import type { PayloadCipher } from '../store/payload-cipher.js';
import { newId } from '../delivery/ids.js';
import type { ActionCall, ActionCallView, ActionSpec, CallAttemptRecord, CallStatus } from './model.js';
import type { PlannedCall } from './plan-calls.js';

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

/** Queues the calls of one accepted event in the caller's (accepting) transaction. */
export async function insertCalls(tx: Queryable, eventId: string, acceptedAt: string, calls: readonly PlannedCall[]): Promise<string[]> {
  if (!calls.length) return [];
  const ids = calls.map(() => newId('call_'));
  await tx.query(
    `INSERT INTO action_calls (id, event_id, integration, action_index, operation, action, request, status, next_attempt_at, last_error, created_at, finished_at)
     SELECT u.id, $1, u.integration, u.idx, u.operation, u.action, u.request,
            CASE WHEN u.error IS NULL THEN 'pending' ELSE 'dead' END,
            CASE WHEN u.error IS NULL THEN $2::timestamptz ELSE NULL END,
            u.error, $2::timestamptz,
            CASE WHEN u.error IS NULL THEN NULL ELSE $2::timestamptz END
     FROM unnest($3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[]) AS u(id, integration, idx, operation, action, request, error)
     ON CONFLICT (event_id, integration, action_index) DO NOTHING`,
    [
      eventId,
      acceptedAt,
      ids,
      calls.map((c) => c.integration),
      calls.map((c) => c.actionIndex),
      calls.map((c) => c.action.call),
      calls.map((c) => JSON.stringify(c.action)),
      calls.map((c) => (c.request ? payloadsOf(tx).seal(c.integration, JSON.stringify(c.request)) : null)),
      calls.map((c) => c.error),
    ],
  );
  return ids;
}

interface CallRow {
  id: string;
  event_id: string;
  integration: string;
  action_index: unknown;
  operation: string;
  action: string;
  request: string | null;
  attempts: unknown;
  created_at: unknown;
}

const CALL_COLUMNS = 'c.id, c.event_id, c.integration, c.action_index, c.operation, c.action, c.request, c.attempts, c.created_at';

function callFromRow(r: CallRow, payloads: PayloadCipher): ActionCall {
  return {
    id: r.id,
    eventId: r.event_id,
    integration: r.integration,
    actionIndex: Number(r.action_index),
    operation: r.operation,
    action: JSON.parse(r.action) as ActionSpec,
    request: r.request === null ? null : (JSON.parse(payloads.open(r.request)) as Record<string, unknown>),
    attempt: Number(r.attempts) + 1,
    createdAt: iso(r.created_at)!,
  };
}

/**
 * Claims up to `limit` due calls by locking them until `lockedUntil`; a runtime that dies leaves the lock
 * to expire and the call is taken again (at least once). `SKIP LOCKED` lets runtimes on one PostgreSQL
 * database claim side by side; `held` excludes what this process already runs.
 */
export async function claimDueCalls(tx: Queryable, opts: { now: Date; lockedUntil: Date; limit: number; held: readonly string[] }): Promise<ActionCall[]> {
  const rows = await tx.query<CallRow>(
    `UPDATE action_calls u SET locked_until = $2::timestamptz
     FROM (SELECT id FROM action_calls
           WHERE status = 'pending' AND next_attempt_at <= $1::timestamptz
             AND (locked_until IS NULL OR locked_until <= $1::timestamptz)
             AND NOT (id = ANY($4::text[]))
           ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED) d, action_calls c
     WHERE u.id = d.id AND c.id = d.id
     RETURNING ${CALL_COLUMNS}`,
    [opts.now.toISOString(), opts.lockedUntil.toISOString(), opts.limit, opts.held],
  );
  return rows.map((r) => callFromRow(r, payloadsOf(tx))).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

/** When the next pending call falls due. */
export async function nextCallDueAt(db: Queryable): Promise<Date | null> {
  const [row] = await db.query<{ at: unknown }>(`SELECT min(next_attempt_at) AS at FROM action_calls WHERE status = 'pending'`);
  return row?.at ? new Date(iso(row.at)!) : null;
}

/** Records attempts (the call log) and moves their calls on, in the caller's transaction. */
export async function recordCallAttempts(tx: Queryable, records: readonly CallAttemptRecord[]): Promise<void> {
  if (!records.length) return;
  await tx.query(
    `INSERT INTO action_attempts (call_id, attempt, integration, operation, at, status, error, latency_ms, outcome)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::timestamptz[], $6::int[], $7::text[], $8::float8[], $9::text[])
     ON CONFLICT (call_id, attempt) DO NOTHING`,
    [
      records.map((r) => r.callId),
      records.map((r) => r.attempt),
      records.map((r) => r.integration),
      records.map((r) => r.operation),
      records.map((r) => r.at),
      records.map((r) => r.status),
      records.map((r) => r.error),
      records.map((r) => r.latencyMs),
      records.map((r) => r.outcome),
    ],
  );
  await tx.query(
    `UPDATE action_calls c SET
       attempts = u.attempt,
       status = CASE u.outcome WHEN 'retry' THEN 'pending' WHEN 'succeeded' THEN 'succeeded' ELSE 'dead' END,
       next_attempt_at = u.next_at,
       locked_until = NULL,
       last_status = u.status,
       last_error = u.error,
       emitted_event_id = coalesce(u.emitted, c.emitted_event_id),
       finished_at = CASE WHEN u.outcome = 'retry' THEN NULL ELSE u.at END
     FROM unnest($1::text[], $2::int[], $3::text[], $4::timestamptz[], $5::int[], $6::text[], $7::text[], $8::timestamptz[])
       AS u(id, attempt, outcome, next_at, status, error, emitted, at)
     WHERE c.id = u.id`,
    [
      records.map((r) => r.callId),
      records.map((r) => r.attempt),
      records.map((r) => r.outcome),
      records.map((r) => r.nextAttemptAt),
      records.map((r) => r.status),
      records.map((r) => r.error),
      records.map((r) => r.emittedEventId),
      records.map((r) => r.at),
    ],
  );
}

export interface CallFilter {
  integration?: string;
  status?: CallStatus;
  eventId?: string;
  limit: number;
}

/** Calls, newest first, each with its attempts. */
export async function listCalls(db: Queryable, filter: CallFilter): Promise<ActionCallView[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id, event_id, integration, operation, status, attempts, next_attempt_at, last_status, last_error, emitted_event_id, created_at, finished_at
     FROM action_calls
     WHERE ($1::text IS NULL OR integration = $1) AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR event_id = $3)
     ORDER BY created_at DESC, id DESC LIMIT $4`,
    [filter.integration ?? null, filter.status ?? null, filter.eventId ?? null, filter.limit],
  );
  const ids = rows.map((r) => String(r.id));
  const attempts = ids.length
    ? await db.query<Record<string, unknown>>(
        'SELECT call_id, attempt, at, status, error, latency_ms, outcome FROM action_attempts WHERE call_id = ANY($1::text[]) ORDER BY call_id, attempt',
        [ids],
      )
    : [];
  const log = new Map<string, ActionCallView['log']>();
  for (const a of attempts) {
    const id = String(a.call_id);
    if (!log.has(id)) log.set(id, []);
    log.get(id)!.push({
      attempt: Number(a.attempt),
      at: iso(a.at)!,
      status: a.status === null ? null : Number(a.status),
      error: (a.error as string | null) ?? null,
      latencyMs: Number(a.latency_ms),
      outcome: a.outcome as ActionCallView['log'][number]['outcome'],
    });
  }
  return rows.map((r) => ({
    id: String(r.id),
    eventId: String(r.event_id),
    integration: String(r.integration),
    operation: String(r.operation),
    status: r.status as CallStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: iso(r.next_attempt_at),
    lastStatus: r.last_status === null ? null : Number(r.last_status),
    lastError: (r.last_error as string | null) ?? null,
    emittedEventId: (r.emitted_event_id as string | null) ?? null,
    createdAt: iso(r.created_at)!,
    finishedAt: iso(r.finished_at),
    log: log.get(String(r.id)) ?? [],
  }));
}
