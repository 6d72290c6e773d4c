import { payloadsOf, type Queryable } from '../store/database.js';
import { toIso, toNumber } from '../store/rows.js';
import type { EventRecord } from '../exports/columns.js';
import type { EventCursor } from '../exports/event-pages.js';
import type { StreamCursorView } from '../../core/streams-api.js';

export type { StreamCursorView };

interface CursorRow {
  integration: string;
  engine: string;
  last_accepted_at: unknown;
  last_event_id: string | null;
  published: unknown;
  rejected: unknown;
  failures: number;
  last_error: string | null;
  last_error_at: unknown;
  updated_at: unknown;
}

const view = (r: CursorRow): StreamCursorView => ({
  integration: r.integration,
  engine: r.engine,
  cursor: r.last_event_id ? { acceptedAt: toIso(r.last_accepted_at), eventId: r.last_event_id } : null,
  published: toNumber(r.published),
  rejected: toNumber(r.rejected),
  failures: toNumber(r.failures),
  lastError: r.last_error,
  lastErrorAt: r.last_error_at ? toIso(r.last_error_at) : null,
  updatedAt: toIso(r.updated_at),
});

export async function readCursor(db: Queryable, integration: string): Promise<EventCursor | null> {
  const [r] = await db.query<CursorRow>('SELECT * FROM stream_cursors WHERE integration = $1', [integration]);
  return r?.last_event_id ? { acceptedAt: toIso(r.last_accepted_at), id: r.last_event_id } : null;
}

export async function listCursors(db: Queryable): Promise<StreamCursorView[]> {
  return (await db.query<CursorRow>('SELECT * FROM stream_cursors ORDER BY integration')).map(view);
}

/** Moves the cursor past acknowledged events (never backwards) and clears the failure streak. */
export async function advanceCursor(db: Queryable, integration: string, engine: string, to: EventCursor, published: number, rejected: number, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO stream_cursors (integration, engine, last_accepted_at, last_event_id, published, rejected, failures, updated_at)
     VALUES ($1, $2, $3::timestamptz, $4, $5, $6, 0, $7::timestamptz)
     ON CONFLICT (tenant_id, integration) DO UPDATE SET engine = $2, last_accepted_at = $3::timestamptz, last_event_id = $4,
       published = stream_cursors.published + $5, rejected = stream_cursors.rejected + $6, failures = 0, updated_at = $7::timestamptz
     WHERE stream_cursors.last_event_id IS NULL OR (stream_cursors.last_accepted_at, stream_cursors.last_event_id) < ($3::timestamptz, $4)`,
    [integration, engine, to.acceptedAt, to.id, published, rejected, now.toISOString()],
  );
}

/** Records a failed attempt (the cursor stays); returns the failure streak. */
export async function recordFailure(db: Queryable, integration: string, engine: string, error: string, now: Date): Promise<number> {
  const [r] = await db.query<{ failures: number }>(
    `INSERT INTO stream_cursors (integration, engine, failures, last_error, last_error_at, updated_at) VALUES ($1, $2, 1, $3, $4::timestamptz, $4::timestamptz)
     ON CONFLICT (tenant_id, integration) DO UPDATE SET engine = $2, failures = stream_cursors.failures + 1, last_error = $3, last_error_at = $4::timestamptz, updated_at = $4::timestamptz
     RETURNING failures`,
    [integration, engine, error, now.toISOString()],
  );
  return toNumber(r.failures);
}

/** A rejected event (a required DataContract field missing): skipped, kept as the last error. */
export async function recordRejection(db: Queryable, integration: string, engine: string, error: string, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO stream_cursors (integration, engine, last_error, last_error_at, updated_at) VALUES ($1, $2, $3, $4::timestamptz, $4::timestamptz)
     ON CONFLICT (tenant_id, integration) DO UPDATE SET last_error = $3, last_error_at = $4::timestamptz, updated_at = $4::timestamptz`,
    [integration, engine, error, now.toISOString()],
  );
}

/**
 * The next page of accepted events after the cursor, up to `until` (events accepted later wait: a
 * transaction may still commit an earlier acceptance time), in `(accepted_at, id)` order.
 */
export async function eventsAfter(db: Queryable, after: EventCursor | null, until: Date, limit: number): Promise<EventRecord[]> {
  const rows = await db.query<{ id: string; type: string; data: string; accepted_at: unknown }>(
    after
      ? `SELECT id, type, data, accepted_at FROM events WHERE accepted_at <= $1 AND (accepted_at, id) > ($3::timestamptz, $4) ORDER BY accepted_at, id LIMIT $2`
      : `SELECT id, type, data, accepted_at FROM events WHERE accepted_at <= $1 ORDER BY accepted_at, id LIMIT $2`,
    after ? [until.toISOString(), limit, after.acceptedAt, after.id] : [until.toISOString(), limit],
  );
  return rows.map((r) => ({ id: r.id, type: r.type, data: JSON.parse(payloadsOf(db).open(r.data)) as unknown, acceptedAt: toIso(r.accepted_at) }));
}
