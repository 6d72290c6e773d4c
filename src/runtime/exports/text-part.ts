import { rowObject, type Column } from './columns.js';
import { DEFAULT_GROUP_ROWS, type PartWriter, type PartWriterOptions } from './part-writer.js';
import { zstdCompressor } from './zstd.js';

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * CSV (RFC 4180, header row) or NDJSON. With zstd each group of rows is one zstd frame; concatenated
 * frames are one valid zstd stream, so memory stays at one group.
 */
export async function textPartWriter(format: 'csv' | 'ndjson', opts: PartWriterOptions): Promise<PartWriter> {
  const { columns, sink } = opts;
  const groupRows = opts.groupRows ?? DEFAULT_GROUP_ROWS;
  if (opts.compression === 'snappy') throw new Error('snappy compression is for Parquet only');
  const compress = opts.compression === 'zstd' ? await zstdCompressor() : null;
  const encoder = new TextEncoder();
  let lines: string[] = format === 'csv' ? [columns.map((c) => csvCell(c.name)).join(',')] : [];
  let n = 0;
  const line = (values: unknown[], cols: readonly Column[]) => {
    const o = rowObject(values, cols);
    return format === 'csv' ? cols.map((c) => csvCell(o[c.name])).join(',') : JSON.stringify(o);
  };
  const flush = async () => {
    if (!lines.length) return;
    const raw = encoder.encode(`${lines.join('\n')}\n`);
    lines = [];
    n = 0;
    await sink(compress ? compress(raw) : raw);
  };
  return {
    async add(values) {
      lines.push(line(values, columns));
      if (++n >= groupRows) await flush();
    },
    finish: flush,
  };
}
