import { payloadsOf, type Queryable } from '../store/database.js';
import { toIso } from '../store/rows.js';
import { matchesAny } from '../delivery/subscription.js';
import type { EventRecord } from './columns.js';
import type { ExportWindow } from './window.js';

/** Where a read stopped: the last event's acceptance time and id (events are read in that order). */
export interface EventCursor {
  acceptedAt: string;
  id: string;
}

/**
 * The window's events of the given types, in acceptance order, read a page at a time by keyset
 * (`(accepted_at, id) > cursor`), so memory holds one page and a resumed run starts where a part ended.
 */
export async function* windowEvents(db: Queryable, window: ExportWindow, patterns: readonly string[], after: EventCursor | null, pageSize = 5000): AsyncGenerator<EventRecord> {
  let cursor = after;
  for (;;) {
    const rows = await db.query<{ id: string; type: string; data: string; accepted_at: unknown }>(
      cursor
        ? `SELECT id, type, data, accepted_at FROM events WHERE accepted_at >= $1 AND accepted_at < $2 AND (accepted_at, id) > ($4::timestamptz, $5)
           ORDER BY accepted_at, id LIMIT $3`
        : `SELECT id, type, data, accepted_at FROM events WHERE accepted_at >= $1 AND accepted_at < $2 ORDER BY accepted_at, id LIMIT $3`,
      cursor ? [window.start.toISOString(), window.end.toISOString(), pageSize, cursor.acceptedAt, cursor.id] : [window.start.toISOString(), window.end.toISOString(), pageSize],
    );
    for (const r of rows) {
      if (!matchesAny(patterns, r.type)) continue;
      yield { id: r.id, type: r.type, data: JSON.parse(payloadsOf(db).open(r.data)) as unknown, acceptedAt: toIso(r.accepted_at) };
    }
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1];
    cursor = { acceptedAt: toIso(last.accepted_at), id: last.id };
  }
}
