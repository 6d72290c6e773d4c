import { canonicalJson } from '../../core/canonical-json.js';
import type { AuditEntry } from '../model.js';
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
  tenant_id: string;
}

const CALL_COLUMNS = 'c.tenant_id, c.id, c.event_id, c.integration, c.action_index, c.operation, c.action, c.request, c.attempts, c.created_at';

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
    tenant: r.tenant_id,
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
 * order and stops at `limit` (0.2 ms), whatever the backlog. The statement is prepared (planned once,
 * with sorting off, as every run of it is).
 */
export async function claimDueCalls(db: Database, opts: { now: Date; lockedUntil: Date | null; limit: number; held: readonly string[] }): Promise<ActionCall[]> {
  const due = `SELECT id FROM action_calls
               WHERE status = 'pending' AND next_attempt_at <= $1::timestamptz
                 AND (locked_until IS NULL OR locked_until <= $1::timestamptz OR $2::timestamptz IS NULL)
                 AND NOT (id = ANY($4::text[]))
               ORDER BY next_attempt_at LIMIT $3`;
  const rows = await db.transaction(async (tx) => {
    await tx.exec('SET LOCAL enable_sort = off');
    return opts.lockedUntil
      ? tx.query<CallRow>(
          `UPDATE action_calls u SET locked_until = $2::timestamptz
           FROM (${due} FOR UPDATE SKIP LOCKED) d, action_calls c
           WHERE u.id = d.id AND c.id = d.id
           RETURNING ${CALL_COLUMNS}`,
          [opts.now.toISOString(), opts.lockedUntil.toISOString(), opts.limit, opts.held],
          { name: 'action_calls_claim_leased' },
        )
      : tx.query<CallRow>(`SELECT ${CALL_COLUMNS} FROM (${due}) d JOIN action_calls c ON c.id = d.id`, [opts.now.toISOString(), null, opts.limit, opts.held], { name: 'action_calls_claim' });
  });
  return rows.map((r) => callFromRow(r, payloadsOf(db))).sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

/** When the next pending call falls due. */
export async function nextCallDueAt(db: Queryable): Promise<Date | null> {
  const [row] = await db.query<{ at: unknown }>(`SELECT min(next_attempt_at) AS at FROM action_calls WHERE status = 'pending'`);
  return row?.at ? new Date(iso(row.at)!) : null;
}

/**
 * Records a batch of attempts in one statement, in the caller's transaction: the call log (a row per
 * attempt), each call moved on, and the batch's audit entry with the chain's new head (`entry`, built with
 * `chainAuditEntries` on the head the caller has locked). The attempts travel as one JSON parameter and the
 * statement is prepared once: a batch costs one trip into the database, not a statement per table.
 */
export async function recordCallAttempts(tx: Queryable, records: readonly CallAttemptRecord[], entry: AuditEntry): Promise<void> {
  if (!records.length) return;
  await tx.query(
    `WITH r AS (
       SELECT * FROM json_to_recordset($1::json)
         AS r(id text, attempt int, integration text, operation text, at timestamptz, status int, error text, latency_ms float8, outcome text, next_at timestamptz, emitted text)
     ), logged AS (
       INSERT INTO action_attempts (call_id, attempt, integration, operation, at, status, error, latency_ms, outcome)
       SELECT id, attempt, integration, operation, at, status, error, latency_ms, outcome FROM r
       ON CONFLICT (call_id, attempt) DO NOTHING
     ), audited AS (
       INSERT INTO audit_log (seq, at, actor, action, target, data, prev_hash, hash) VALUES ($2, $3, $4, $5, $6, $7, $8, $9)
     ), head AS (
       UPDATE audit_head SET seq = $2, hash = $9 WHERE id = 1
     )
     UPDATE action_calls c SET
       attempts = r.attempt,
       status = CASE r.outcome WHEN 'retry' THEN 'pending' WHEN 'succeeded' THEN 'succeeded' ELSE 'dead' END,
       next_attempt_at = r.next_at,
       locked_until = NULL,
       last_status = r.status,
       last_error = r.error,
       emitted_event_id = coalesce(r.emitted, c.emitted_event_id),
       finished_at = CASE WHEN r.outcome = 'retry' THEN NULL ELSE r.at END
     FROM r WHERE c.id = r.id`,
    [
      JSON.stringify(
        records.map((r) => ({
          id: r.callId,
          attempt: r.attempt,
          integration: r.integration,
          operation: r.operation,
          at: r.at,
          status: r.status,
          error: r.error,
          latency_ms: r.latencyMs,
          outcome: r.outcome,
          next_at: r.nextAttemptAt,
          emitted: r.emittedEventId,
        })),
      ),
      entry.seq,
      entry.at,
      entry.actor,
      entry.action,
      entry.target,
      canonicalJson(entry.data),
      entry.prevHash,
      entry.hash,
    ],
    { name: 'action_calls_record' },
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
