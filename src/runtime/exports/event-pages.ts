import { payloadsOf, type Queryable } from '../store/database.js';
import { SEALED_PREFIX, sealedKeyId } from '../store/payload-cipher.js';
import { matchesAny } from '../delivery/subscription.js';
import type { ExportWindow } from './window.js';

/** Where a read stopped: the last event's acceptance time and id (events are read in that order). */
export interface EventCursor {
  acceptedAt: string;
  id: string;
}

/**
 * Events of one row group as they travel to an encoder, column by column. Payloads go as stored (sealed, or
 * plain JSON from before encryption) in one string joined by NUL, which JSON text never contains: one copy
 * to a worker, which unseals them with the data keys that come along (unsealing is the costliest step of
 * the read; done there, it runs on every core).
 */
export interface EventBatch {
  ids: string[];
  types: string[];
  payloads: string;
  /** The data keys of the sealed payloads, by `<kekId>.<dekId>` (see `PayloadCipher.dataKey`). */
  keys: [string, Uint8Array][];
  /** Acceptance times, epoch milliseconds (the store keeps milliseconds: events are accepted with a JS clock). */
  acceptedAt: number[];
}

/** A batch and the last event in it: where a part that ends with this batch stopped. */
export interface WindowBatch {
  batch: EventBatch;
  last: EventCursor;
}

function epochMs(value: unknown): number {
  return value instanceof Date ? value.getTime() : Date.parse(String(value));
}

interface Page {
  ids: string[];
  types: string[];
  payloads: string[];
  acceptedAt: number[];
  keys: Map<string, Uint8Array>;
}

/**
 * The window's events of the given types, in acceptance order, read a page at a time by keyset
 * (`(accepted_at, id) > cursor`), so memory holds one page and a resumed run starts where a part ended.
 * Payloads stay sealed; the page names the data keys they need.
 */
async function* windowPages(db: Queryable, window: ExportWindow, patterns: readonly string[], after: EventCursor | null, pageSize: number): AsyncGenerator<Page> {
  let cursor = after;
  const payloads = payloadsOf(db);
  for (;;) {
    const rows = await db.query<{ id: string; type: string; data: string; accepted_at: unknown }>(
      cursor
        ? `SELECT id, type, data, accepted_at FROM events WHERE accepted_at >= $1 AND accepted_at < $2 AND (accepted_at, id) > ($4::timestamptz, $5)
           ORDER BY accepted_at, id LIMIT $3`
        : `SELECT id, type, data, accepted_at FROM events WHERE accepted_at >= $1 AND accepted_at < $2 ORDER BY accepted_at, id LIMIT $3`,
      cursor ? [window.start.toISOString(), window.end.toISOString(), pageSize, cursor.acceptedAt, cursor.id] : [window.start.toISOString(), window.end.toISOString(), pageSize],
    );
    const page: Page = { ids: [], types: [], payloads: [], acceptedAt: [], keys: new Map() };
    for (const r of rows) {
      if (!matchesAny(patterns, r.type)) continue;
      page.ids.push(r.id);
      page.types.push(r.type);
      page.payloads.push(r.data);
      if (r.data.startsWith(SEALED_PREFIX)) {
        const keyId = sealedKeyId(r.data);
        if (!page.keys.has(keyId)) page.keys.set(keyId, payloads.dataKey(r.data));
      }
      page.acceptedAt.push(epochMs(r.accepted_at));
    }
    if (page.ids.length) yield page;
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1];
    cursor = { acceptedAt: new Date(epochMs(last.accepted_at)).toISOString(), id: last.id };
  }
}

/** Takes the window's events in batches of at most the asked size, in order, across page boundaries. */
export interface BatchReader {
  /** The next batch of at most `max` events and about `maxBytes` of stored payloads (at least one event), or null when the window has no more. */
  take(max: number, maxBytes: number): Promise<WindowBatch | null>;
  /** Whether a later `take` could return events (false once the window is read to its end). */
  more(): Promise<boolean>;
}

export function windowBatches(db: Queryable, window: ExportWindow, patterns: readonly string[], after: EventCursor | null, pageSize = 5000): BatchReader {
  const pages = windowPages(db, window, patterns, after, pageSize);
  let page: Page | null = null;
  let at = 0;
  let ended = false;
  const fill = async (): Promise<boolean> => {
    while (!ended && (!page || at >= page.ids.length)) {
      const next = await pages.next();
      if (next.done) ended = true;
      else {
        page = next.value;
        at = 0;
      }
    }
    return !!page && at < page.ids.length;
  };
  return {
    more: fill,
    async take(max, maxBytes) {
      const batch: EventBatch = { ids: [], types: [], payloads: '', keys: [], acceptedAt: [] };
      const texts: string[] = [];
      const keys = new Map<string, Uint8Array>();
      let bytes = 0;
      while (batch.ids.length < max && bytes < maxBytes && (await fill())) {
        const p = page!;
        let end = at;
        const last = Math.min(p.ids.length, at + max - batch.ids.length);
        while (end < last && bytes < maxBytes) bytes += p.payloads[end++].length;
        for (let i = at; i < end; i++) {
          batch.ids.push(p.ids[i]);
          batch.types.push(p.types[i]);
          batch.acceptedAt.push(p.acceptedAt[i]);
          texts.push(p.payloads[i]);
        }
        for (const [id, key] of p.keys) keys.set(id, key);
        at = end;
      }
      if (!batch.ids.length) return null;
      batch.payloads = texts.join('\0');
      batch.keys = [...keys];
      const n = batch.ids.length - 1;
      return { batch, last: { acceptedAt: new Date(batch.acceptedAt[n]).toISOString(), id: batch.ids[n] } };
    },
  };
}
