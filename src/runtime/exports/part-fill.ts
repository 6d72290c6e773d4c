import type { BatchBuffers, BatchReader, EventBatch, EventCursor, WindowBatch } from './event-pages.js';

/** Stored payload text per batch (so per row group): bounds the memory a batch takes whatever the payload size. */
export const BATCH_BYTES = 8 << 20;

/** What went into one part: rows written, events rejected, and the last event read into it. */
export interface PartFill {
  rows: number;
  rejected: number;
  /** null when the part got no events (an empty window still gets one, empty, file). */
  last: EventCursor | null;
}

interface Encoded {
  rows: number;
  rejected: readonly { index: number; field: string }[];
  /** The batch's buffers when the encoder handed them back (a worker thread took them). */
  spent?: BatchBuffers;
}

/**
 * Fills one part from the window's reader: batches of at most `groupRows` events (and BATCH_BYTES), never more than the part
 * could still take if none were rejected (so a part holds exactly `rowsPerFile` rows unless the window runs
 * out), up to `depth` batches encoding at once, each written in read order as soon as it and those before
 * it are done.
 */
export async function fillPart<T extends Encoded>(o: {
  reader: BatchReader;
  rowsPerFile: number;
  groupRows: number;
  depth: number;
  encode(batch: EventBatch): Promise<T>;
  write(encoded: T): Promise<void>;
  onRejected(eventId: string, field: string): void;
}): Promise<PartFill> {
  const inFlight: { result: Promise<T>; read: WindowBatch }[] = [];
  let rows = 0;
  let rejected = 0;
  let reading = 0;
  let last: EventCursor | null = null;
  const settle = async () => {
    const { result, read } = inFlight.shift()!;
    const out = await result;
    o.reader.recycle(out.spent ?? read.batch);
    reading -= read.batch.ids.length;
    rows += out.rows;
    rejected += out.rejected.length;
    for (const r of out.rejected) o.onRejected(read.batch.ids[r.index], r.field);
    await o.write(out);
  };
  try {
    for (;;) {
      const room = o.rowsPerFile - rows - reading;
      if (room <= 0 || inFlight.length >= o.depth) {
        if (!inFlight.length) break;
        await settle();
        continue;
      }
      const read = await o.reader.take(Math.min(o.groupRows, room), BATCH_BYTES);
      if (!read) break;
      last = read.last;
      const result = o.encode(read.batch);
      // Awaited in order by settle; a failure of a later one must not go unhandled meanwhile.
      result.catch(() => undefined);
      inFlight.push({ result, read });
      reading += read.batch.ids.length;
    }
    while (inFlight.length) await settle();
  } finally {
    inFlight.length = 0;
  }
  return { rows, rejected, last };
}
