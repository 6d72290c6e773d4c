import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { Column } from './columns.js';
import type { ChunkSink } from './part-writer.js';
import { parquetSchema } from './parquet-schema.js';
import type { Compression, EncodedGroup } from './row-group.js';

/** One Parquet file assembled from row groups encoded elsewhere, in the order they are appended. */
export interface ParquetAssembler {
  /** Places a row group after the previous one and hands its bytes to the sink. */
  append(group: EncodedGroup): Promise<void>;
  /** Writes the page indexes, the footer (schema, row groups, key-value metadata) and the magic. */
  finish(): Promise<void>;
}

/**
 * Parquet through hyparquet-writer (pure JS), split in two: row groups are encoded (and zstd-compressed)
 * on their own, possibly in worker threads, with offsets counted from the group's first byte; this writer
 * moves each group's offsets to where it lands in the file, streams its bytes out and keeps only its
 * metadata for the footer. Memory stays at the groups in flight whatever the row count.
 */
export function parquetAssembler(opts: { columns: readonly Column[]; compression: Compression; metadata: Record<string, string>; sink: ChunkSink }): ParquetAssembler {
  const bytes = new ByteWriter(1 << 16);
  const flush = (): Promise<void> => {
    if (!bytes.index) return Promise.resolve();
    // The writer reuses its buffer, so the sink gets a copy.
    const chunk = new Uint8Array(bytes.buffer.slice(0, bytes.index));
    bytes.index = 0;
    return opts.sink(chunk);
  };
  const writer = new ParquetWriter({
    writer: bytes,
    schema: parquetSchema(opts.columns),
    codec: opts.compression === 'zstd' ? 'ZSTD' : opts.compression === 'snappy' ? 'SNAPPY' : 'UNCOMPRESSED',
    kvMetadata: Object.entries(opts.metadata).map(([key, value]) => ({ key, value })),
    createdBy: 'interlock',
  });
  return {
    async append(group) {
      if (!group.rowGroup) return;
      await flush();
      const shift = BigInt(bytes.offset);
      const { rowGroup } = group;
      for (const chunk of rowGroup.columns) {
        chunk.file_offset += shift;
        const m = chunk.meta_data;
        if (m) {
          m.data_page_offset += shift;
          if (m.dictionary_page_offset !== undefined) m.dictionary_page_offset += shift;
        }
      }
      // One index entry per column chunk, in order; bound to the chunk the footer lists (a copy from a worker
      // is a different object), as the index writer records its offsets on it.
      group.indexes.forEach((ix, j) => {
        ix.chunk = rowGroup.columns[j];
        for (const page of ix.offsetIndex?.page_locations ?? []) page.offset += shift;
      });
      writer.row_groups.push(rowGroup);
      writer.num_rows += rowGroup.num_rows;
      writer.pendingIndexes.push(...group.indexes);
      bytes.offset += group.bytes.byteLength;
      await opts.sink(group.bytes);
    },
    async finish() {
      await writer.finish();
      await flush();
    },
  };
}
