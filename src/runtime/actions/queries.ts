import { payloadsOf, type Database, type Queryable } from '../store/database.js';
import type { PayloadCipher } from '../store/payload-cipher.js';
import { newId } from '../delivery/ids.js';
import type { ActionCall, ActionCallView, ActionSpec, CallAttemptRecord, CallStatus } from './model.js';
import type { PlannedCall } from './plan-calls.js';

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

/** The calls one accepted event causes, as the accepting transaction queues them. */
export interface EventCalls {
  eventId: string;
  acceptedAt: string;
  calls: readonly PlannedCall[];
}

/**
 * Queues the calls of accepted events in the caller's (accepting) transaction: one statement for a whole
 * group commit, however many events it carries. The unique (event, integration, action) key keeps a
 * re-queued call from doubling.
 */
export async function insertCalls(tx: Queryable, events: readonly EventCalls[]): Promise<string[]> {
  const rows = events.flatMap((e) => e.calls.map((c) => ({ e, c, id: newId('call_') })));
  if (!rows.length) return [];
  await tx.query(
    `INSERT INTO action_calls (id, event_id, integration, action_index, operation, action, request, status, next_attempt_at, last_error, created_at, finished_at)
     SELECT u.id, u.event_id, u.integration, u.idx, u.operation, u.action, u.request,
            CASE WHEN u.error IS NULL THEN 'pending' ELSE 'dead' END,
            CASE WHEN u.error IS NULL THEN u.at ELSE NULL END,
            u.error, u.at,
            CASE WHEN u.error IS NULL THEN NULL ELSE u.at END
     FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[])
       AS u(id, event_id, at, integration, idx, operation, action, request, error)
     ON CONFLICT (event_id, integration, action_index) DO NOTHING`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.e.eventId),
      rows.map((r) => r.e.acceptedAt),
      rows.map((r) => r.c.integration),
      rows.map((r) => r.c.actionIndex),
      rows.map((r) => r.c.action.call),
      rows.map((r) => JSON.stringify(r.c.action)),
      rows.map((r) => (r.c.request ? payloadsOf(tx).seal(r.c.integration, JSON.stringify(r.c.request)) : null)),
      rows.map((r) => r.c.error),
    ],
  );
  return rows.map((r) => r.id);
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
 * Claims up to `limit` due calls. `lockedUntil` given: each is locked until then, so runtimes on one
 * PostgreSQL database claim side by side (`SKIP LOCKED`) and a runtime that dies leaves its locks to
 * lapse, after which its calls are taken again (at least once). `lockedUntil` null: the store belongs to
 * this process alone (the embedded engine holds its directory lock), so nothing else can claim and a call
 * left pending by a dead process is due again at once; the claim is then a read, which saves writing
 * every call's row one more time. Either way `held` excludes what this process already runs.
 *
 * The embedded engine never analyses its tables, so its planner believes a handful of calls are due and
 * sorts every due call (bitmap scan, then sort) to take the first few: a claim's cost grew with the backlog
 * (8.7 ms at 4,000 queued calls). With sorting ruled out for this one statement it walks the due index in
 * order and stops at `limit` (0.2 ms), whatever the backlog.
 */
export async function claimDueCalls(db: Database, opts: { now: Date; lockedUntil: Date | null; limit: number; held: readonly string[] }): Promise<ActionCall[]> {
  const due = `SELECT id FROM action_calls
               WHERE status = 'pending' AND next_attempt_at <= $1::timestamptz
                 AND (locked_until IS NULL OR locked_until <= $1::timestamptz OR $2::timestamptz IS NULL)
                 AND NOT (id = ANY($4::text[]))
               ORDER BY next_attempt_at LIMIT $3`;
  const rows = await db.transaction(async (tx) => {
    await tx.query('SET LOCAL enable_sort = off');
    return opts.lockedUntil
      ? tx.query<CallRow>(
          `UPDATE action_calls u SET locked_until = $2::timestamptz
           FROM (${due} FOR UPDATE SKIP LOCKED) d, action_calls c
           WHERE u.id = d.id AND c.id = d.id
           RETURNING ${CALL_COLUMNS}`,
          [opts.now.toISOString(), opts.lockedUntil.toISOString(), opts.limit, opts.held],
        )
      : tx.query<CallRow>(`SELECT ${CALL_COLUMNS} FROM (${due}) d JOIN action_calls c ON c.id = d.id`, [opts.now.toISOString(), null, opts.limit, opts.held]);
  });
  return rows.map((r) => callFromRow(r, payloadsOf(db))).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
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
