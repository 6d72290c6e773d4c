import type { Column } from './columns.js';

/** Receives a file's bytes in order; resolves when it can take more (backpressure). */
export type ChunkSink = (chunk: Uint8Array) => Promise<void>;

/** Writes one file's rows, buffering at most one row group, and pushes bytes to a sink as they are encoded. */
export interface PartWriter {
  /** Adds a row (values in column order); resolves once the bytes of a completed row group were taken. */
  add(values: unknown[]): Promise<void>;
  /** Writes what is buffered and the footer. */
  finish(): Promise<void>;
}

export interface PartWriterOptions {
  columns: readonly Column[];
  compression: 'zstd' | 'snappy' | 'none';
  /** Key-value metadata (Parquet footer); text formats carry it in the manifest only. */
  metadata: Record<string, string>;
  sink: ChunkSink;
  /** Rows per Parquet row group (and per compressed frame for text formats). */
  groupRows?: number;
}

/**
 * 16,000 rows: a column of a row group is a JS array of one value a row, and the writer makes several more of
 * that length; at 16,000 elements (128,000 bytes) they are still ordinary young objects. Past V8's 128 KiB
 * object size each is mapped as a large object, promoted at once and unmapped by a full collection: at 16,400
 * rows an export ran at 205,000 rows/s, at 16,000 at 241,000, at 50,000 at 188,000 (`npm run bench -- exports`),
 * for files ~8% larger (more footers and dictionaries; measured on the bench's very compressible rows).
 */
export const DEFAULT_GROUP_ROWS = 16_000;
