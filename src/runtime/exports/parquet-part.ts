import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { Column, FieldType } from './columns.js';
import { DEFAULT_GROUP_ROWS, type PartWriter, type PartWriterOptions } from './part-writer.js';
import { zstdCompressor } from './zstd.js';

type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

function element(c: Column): SchemaElement {
  const repetition_type = c.required ? 'REQUIRED' : 'OPTIONAL';
  const base = { name: c.name, repetition_type } as const;
  const t: FieldType = c.type;
  switch (t) {
    case 'string':
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } };
    case 'integer':
      return { ...base, type: 'INT64', logical_type: { type: 'INTEGER', bitWidth: 64, isSigned: true } };
    case 'number':
      return { ...base, type: 'DOUBLE' };
    case 'boolean':
      return { ...base, type: 'BOOLEAN' };
    case 'date-time':
      return { ...base, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' } };
    case 'date':
      return { ...base, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } };
    case 'object':
    case 'array':
      return { ...base, type: 'BYTE_ARRAY', converted_type: 'JSON', logical_type: { type: 'JSON' } };
  }
}

/** The Parquet schema of a column plan (the root element first). */
export function parquetSchema(columns: readonly Column[]): SchemaElement[] {
  return [{ name: 'interlock_export', num_children: columns.length }, ...columns.map(element)];
}

/**
 * Parquet through hyparquet-writer (pure JS): columns are filled for one row group at a time, encoded,
 * compressed (zstd through WebAssembly, or the built-in snappy) and handed to the sink, so memory
 * stays at one row group whatever the row count.
 */
export async function parquetPartWriter(opts: PartWriterOptions): Promise<PartWriter> {
  const { columns, sink } = opts;
  const groupRows = opts.groupRows ?? DEFAULT_GROUP_ROWS;
  const codec = opts.compression === 'zstd' ? 'ZSTD' : opts.compression === 'snappy' ? 'SNAPPY' : 'UNCOMPRESSED';
  const bytes = new ByteWriter(1 << 20);
  const flush = (): Promise<void> => {
    if (!bytes.index) return Promise.resolve();
    // The writer reuses its buffer, so the sink gets a copy.
    const chunk = new Uint8Array(bytes.buffer.slice(0, bytes.index));
    bytes.index = 0;
    return sink(chunk);
  };
  Object.assign(bytes, { flush });
  const writer = new ParquetWriter({
    writer: bytes,
    schema: parquetSchema(columns),
    codec,
    ...(codec === 'ZSTD' ? { compressors: { ZSTD: await zstdCompressor() } } : {}),
    kvMetadata: Object.entries(opts.metadata).map(([key, value]) => ({ key, value })),
    createdBy: 'interlock',
  });
  const isBig = columns.map((c) => c.type === 'integer');
  let buffers: unknown[][] = columns.map(() => new Array<unknown>(groupRows));
  let n = 0;

  const writeGroup = async () => {
    if (!n) return;
    const columnData = columns.map((c, i) => {
      const data = n === groupRows ? buffers[i] : buffers[i].slice(0, n);
      if (isBig[i]) for (let k = 0; k < data.length; k++) if (data[k] !== null) data[k] = BigInt(data[k] as number);
      return { name: c.name, data };
    });
    n = 0;
    buffers = columns.map(() => new Array<unknown>(groupRows));
    await writer.write({ columnData, rowGroupSize: groupRows });
  };

  return {
    async add(values) {
      for (let i = 0; i < values.length; i++) buffers[i][n] = values[i];
      if (++n === groupRows) await writeGroup();
    },
    async finish() {
      await writeGroup();
      await writer.finish();
      await flush();
    },
  };
}
