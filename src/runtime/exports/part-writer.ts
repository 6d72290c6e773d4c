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

export const DEFAULT_GROUP_ROWS = 50_000;
