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
 * plain JSON from before encryption), UTF-8 back to back in one buffer that is transferred to a worker, not
 * copied, which unseals them with the data keys that come along (unsealing is the costliest step of the read;
 * done there, it runs on every core). The buffers come back with the encoded group and are reused: a fresh
 * 8 MB string or buffer per batch cost more in page faults than the copy itself.
 */
export interface EventBatch extends BatchBuffers {
  ids: string[];
  types: string[];
  /** The data keys of the sealed payloads, by `<kekId>.<dekId>` (see `PayloadCipher.dataKey`). */
  keys: [string, Uint8Array][];
  /** Acceptance times, epoch milliseconds (the store keeps milliseconds: events are accepted with a JS clock). */
  acceptedAt: number[];
}

/** A batch's payload bytes and where each payload ends (payload i starts where i - 1 ends, the first at 0). */
export interface BatchBuffers {
  payloads: Uint8Array;
  ends: Uint32Array;
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
  const takes = new Map<string, boolean>();
  for (;;) {
    const rows = await db.query<{ id: string; type: string; data: string; accepted_at: unknown }>(
      cursor
        ? `SELECT id, type, data, accepted_at FROM events WHERE accepted_at >= $1 AND accepted_at < $2 AND (accepted_at, id) > ($4::timestamptz, $5)
           ORDER BY accepted_at, id LIMIT $3`
        : `SELECT id, type, data, accepted_at FROM events WHERE accepted_at >= $1 AND accepted_at < $2 ORDER BY accepted_at, id LIMIT $3`,
      cursor ? [window.start.toISOString(), window.end.toISOString(), pageSize, cursor.acceptedAt, cursor.id] : [window.start.toISOString(), window.end.toISOString(), pageSize],
    );
    const page: Page = { ids: [], types: [], payloads: [], acceptedAt: [], keys: new Map() };
    // A window holds a handful of types and data keys: each is judged once, not once a row.
    let keyPrefix = '';
    for (const r of rows) {
      let taken = takes.get(r.type);
      if (taken === undefined) takes.set(r.type, (taken = matchesAny(patterns, r.type)));
      if (!taken) continue;
      page.ids.push(r.id);
      page.types.push(r.type);
      page.payloads.push(r.data);
      if (r.data.startsWith(SEALED_PREFIX) && !(keyPrefix && r.data.startsWith(keyPrefix))) {
        const keyId = sealedKeyId(r.data);
        keyPrefix = `${SEALED_PREFIX}${keyId}.`;
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
  /** Hands a batch's buffers back once it is encoded, for a later batch to fill (detached ones are ignored). */
  recycle(buffers: BatchBuffers): void;
}

/** Buffers kept for reuse: one per batch in flight is enough; more would only hold memory. */
const KEPT_BUFFERS = 8;

export function windowBatches(db: Queryable, window: ExportWindow, patterns: readonly string[], after: EventCursor | null, pageSize = 5000): BatchReader {
  const pages = windowPages(db, window, patterns, after, pageSize);
  let page: Page | null = null;
  let at = 0;
  let ended = false;
  const spare: { payloads: ArrayBuffer[]; ends: ArrayBuffer[] } = { payloads: [], ends: [] };
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
  const reuse = (list: ArrayBuffer[], size: number): ArrayBuffer => {
    const i = list.findIndex((b) => b.byteLength >= size);
    return i >= 0 ? list.splice(i, 1)[0] : new ArrayBuffer(size);
  };
  const recycle = ({ payloads, ends }: BatchBuffers) => {
    if (payloads.byteLength && spare.payloads.length < KEPT_BUFFERS) spare.payloads.push(payloads.buffer as ArrayBuffer);
    if (ends.byteLength && spare.ends.length < KEPT_BUFFERS) spare.ends.push(ends.buffer as ArrayBuffer);
  };
  return {
    more: fill,
    recycle,
    async take(max, maxBytes) {
      const ids: string[] = [];
      const types: string[] = [];
      const acceptedAt: number[] = [];
      const keys = new Map<string, Uint8Array>();
      // Payloads are counted in UTF-16 units and written as UTF-8: room for the bound plus one payload, grown
      // (rarely: only text that is not ASCII is longer in UTF-8) when a payload would not fit.
      let bytes = Buffer.from(reuse(spare.payloads, maxBytes + (64 << 10)));
      const ends = new Uint32Array(reuse(spare.ends, max * 4), 0, max);
      let units = 0;
      let offset = 0;
      while (ids.length < max && units < maxBytes && (await fill())) {
        const p = page!;
        const last = Math.min(p.ids.length, at + max - ids.length);
        let i = at;
        for (; i < last && units < maxBytes; i++) {
          const text = p.payloads[i];
          units += text.length;
          if (offset + text.length * 3 > bytes.length) {
            const need = offset + Buffer.byteLength(text);
            if (need > bytes.length) {
              const grown = Buffer.from(new ArrayBuffer(Math.max(need, bytes.length * 2)));
              bytes.copy(grown, 0, 0, offset);
              bytes = grown;
            }
          }
          offset += bytes.write(text, offset, 'utf8');
          ends[ids.length] = offset;
          ids.push(p.ids[i]);
          types.push(p.types[i]);
          acceptedAt.push(p.acceptedAt[i]);
        }
        for (const [id, key] of p.keys) keys.set(id, key);
        at = i;
      }
      if (!ids.length) {
        recycle({ payloads: bytes, ends });
        return null;
      }
      const batch: EventBatch = { ids, types, acceptedAt, payloads: new Uint8Array(bytes.buffer, 0, offset), ends: ends.subarray(0, ids.length), keys: [...keys] };
      const n = ids.length - 1;
      return { batch, last: { acceptedAt: new Date(acceptedAt[n]).toISOString(), id: ids[n] } };
    },
  };
}
