import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { cellValue, type Column } from './columns.js';
import { SealedBatchOpener } from '../store/sealed-batch.js';
import type { EventBatch } from './event-pages.js';
import { parquetSchema } from './parquet-schema.js';
import { zstdCompressor } from './zstd.js';
import { detachBounds, utf8Column } from './utf8-column.js';

export type RowGroupMeta = ParquetWriter['row_groups'][number];
export type PageIndexes = ParquetWriter['pendingIndexes'][number];

/** A batch's rows column by column (`null` for absent optional fields), and the events a required field rejected. */
export interface BatchColumns {
  data: unknown[][];
  rows: number;
  /** Positions in the batch of rejected events, with the first required field each lacked. */
  rejected: { index: number; field: string }[];
}

const ID = 0;
const TYPE = 1;
const ACCEPTED = 2;
const DATA = 3;

/** Starts `opener` on a batch's payloads and data keys. */
function openBatch(opener: SealedBatchOpener, batch: EventBatch): void {
  const keys = new Map(batch.keys.map(([id, k]) => [id, Buffer.from(k.buffer, k.byteOffset, k.byteLength)]));
  opener.open(Buffer.from(batch.payloads.buffer, batch.payloads.byteOffset, batch.payloads.byteLength), batch.ends, keys);
}

/**
 * Converts a batch to columns in one pass (no object per row), each payload parsed as its row is read: the
 * parsed object dies young, and only the values the columns keep live to the end of the batch (parsing the
 * whole batch first kept every object alive through several young-generation collections). An encoder passes
 * its own `opener`, kept from batch to batch. Values are
 * those `toRow` gives for the same event: the acceptance time is epoch milliseconds for a date-time column
 * and its ISO text for any other.
 */
export function batchColumns(batch: EventBatch, columns: readonly Column[], opener = new SealedBatchOpener()): BatchColumns {
  // Events are counted by their payloads: ids and types may stay behind when no column reads them (see `encoderBatch`).
  const n = batch.ends.length;
  const kinds = columns.map((c) => (c.path[0] === 'id' ? ID : c.path[0] === 'type' ? TYPE : c.path[0] === 'acceptedAt' ? ACCEPTED : DATA));
  if (batch.acceptedAt.length !== n || ((kinds.includes(ID) || kinds.includes(TYPE)) && (batch.ids.length !== n || batch.types.length !== n))) {
    throw new Error(`a batch of ${n} payloads carried ${batch.ids.length} ids, ${batch.types.length} types and ${batch.acceptedAt.length} acceptance times`);
  }
  openBatch(opener, batch);
  // Filled first, so every column array has one elements kind from the start (a fresh array turning from small
  // integers to doubles or objects as values arrive made the compiled loop deoptimize batch after batch).
  const data = columns.map(() => new Array<unknown>(n).fill(null));
  const rejected: BatchColumns['rejected'] = [];
  let rows = 0;
  events: for (let i = 0; i < n; i++) {
    const payload: unknown = JSON.parse(opener.payload(i));
    for (let j = 0; j < columns.length; j++) {
      const c = columns[j];
      let raw: unknown;
      switch (kinds[j]) {
        case ID:
          raw = batch.ids[i];
          break;
        case TYPE:
          raw = batch.types[i];
          break;
        case ACCEPTED:
          raw = c.type === 'date-time' ? batch.acceptedAt[i] : new Date(batch.acceptedAt[i]).toISOString();
          break;
        default: {
          raw = payload;
          const path = c.path;
          for (let k = 1; k < path.length && raw !== undefined; k++) raw = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>)[path[k]] : undefined;
        }
      }
      const v = cellValue(c, raw);
      if (v === undefined) {
        if (c.required) {
          rejected.push({ index: i, field: c.name });
          continue events;
        }
        data[j][rows] = null;
      } else data[j][rows] = v;
    }
    rows++;
  }
  for (const d of data) d.length = rows;
  return { data, rows, rejected };
}

/**
 * The batch as an encoder of these columns needs it: without ids and types when no column reads them (most
 * contracts map neither), which spares copying two strings an event to a worker thread and back into its heap.
 */
export function encoderBatch(batch: EventBatch, columns: readonly Column[]): EventBatch {
  return columns.some((c) => c.path[0] === 'id' || c.path[0] === 'type') ? batch : { ...batch, ids: [], types: [] };
}

/** One encoded row group: its bytes (offsets in its metadata count from its first byte) and its rejections. */
export interface EncodedGroup {
  bytes: Uint8Array;
  /** null when every event of the batch was rejected. */
  rowGroup: RowGroupMeta | null;
  indexes: PageIndexes[];
  rows: number;
  rejected: BatchColumns['rejected'];
}

/** Small integers (counts, flags) as shared BigInts: one allocation each instead of one a value. */
const SMALL_BIGINTS = Array.from({ length: 256 }, (_, i) => BigInt(i));
const bigInt = (n: number): bigint => (n >= 0 && n < 256 ? SMALL_BIGINTS[n] : BigInt(n));

export type Compression = 'zstd' | 'snappy' | 'none';

/**
 * Encodes batches as standalone Parquet row groups (compressed column chunks and their metadata), for a
 * file writer to place in order. Pure CPU work with no shared state: it runs in worker threads.
 */
export async function rowGroupEncoder(columns: readonly Column[], compression: Compression): Promise<(batch: EventBatch) => EncodedGroup> {
  const codec = compression === 'zstd' ? 'ZSTD' : compression === 'snappy' ? 'SNAPPY' : 'UNCOMPRESSED';
  const bytes = new ByteWriter(1 << 20);
  const writer = new ParquetWriter({ writer: bytes, schema: parquetSchema(columns), codec, ...(codec === 'ZSTD' ? { compressors: { ZSTD: await zstdCompressor() } } : {}) });
  const isBig = columns.map((c) => c.type === 'integer');
  const utf8 = columns.map((c) => (c.type === 'string' ? utf8Column() : null));
  const opener = new SealedBatchOpener();
  return (batch) => {
    const built = batchColumns(batch, columns, opener);
    // The writer is reused for every group: only the group's bytes and metadata are kept, offsets from 0.
    bytes.index = 0;
    bytes.offset = 0;
    writer.row_groups = [];
    writer.pendingIndexes = [];
    if (built.rows) {
      const columnData = columns.map((c, j) => {
        const data = built.data[j];
        if (isBig[j]) for (let k = 0; k < data.length; k++) if (data[k] !== null) data[k] = bigInt(data[k] as number);
        return { name: c.name, data: utf8[j]?.views(data) ?? data };
      });
      void writer.write({ columnData, rowGroupSize: built.rows });
      for (const chunk of writer.row_groups[0]?.columns ?? []) detachBounds(chunk.meta_data?.statistics);
    }
    return { bytes: new Uint8Array(bytes.buffer.slice(0, bytes.index)), rowGroup: writer.row_groups[0] ?? null, indexes: writer.pendingIndexes, rows: built.rows, rejected: built.rejected };
  };
}
