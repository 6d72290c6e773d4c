import { createHash } from 'node:crypto';
import type { PublicKey } from 'openpgp';
import type { Queryable } from '../store/database.js';
import { planColumns } from './columns.js';
import type { Destination } from './destination.js';
import { encryptStream } from './encrypt.js';
import { defaultEncoderThreads, groupEncoder, type GroupEncoder } from './encoder-pool.js';
import { windowBatches, type EventCursor } from './event-pages.js';
import type { ExportJob } from './jobs.js';
import { classificationMetadata, fileMetadata, type ExportManifest } from './manifest.js';
import { parquetAssembler } from './parquet-part.js';
import { fillPart, type PartFill } from './part-fill.js';
import { DEFAULT_GROUP_ROWS, type ChunkSink } from './part-writer.js';
import { batchColumns } from './row-group.js';
import { SealedBatchOpener } from '../store/sealed-batch.js';
import { textPartWriter } from './text-part.js';
import { windowLabel, type ExportWindow } from './window.js';

/** One finished file of a run. */
export interface PartRecord {
  part: number;
  key: string;
  rows: number;
  bytes: number;
  sha256: string;
  /** The last event written to it: a resumed run reads on from here. */
  last: EventCursor;
}

export interface WindowRunContext {
  db: Queryable;
  destination: Destination;
  /** null: files are not encrypted (only when the export declares no encryption). */
  recipients: { keys: PublicKey[]; fingerprints: string[] } | null;
  runId: string;
  now: () => Date;
  /** Parts finished by an earlier failed attempt of the same window and spec, kept as they are. */
  resumed: readonly PartRecord[];
  /** Called when a part is stored (the run records it before starting the next). */
  onPart(part: PartRecord): Promise<void>;
  onRejected?(eventId: string, field: string): void;
  pageSize?: number;
  groupRows?: number;
  /** Worker threads encoding Parquet row groups (0: this thread); one per core by default. */
  encoderThreads?: number;
}

export interface WindowRunResult {
  parts: PartRecord[];
  rows: number;
  rejected: number;
  manifestKey: string;
  manifest: ExportManifest;
}

const DEFAULT_ROWS_PER_FILE = 5_000_000;

function extension(job: ExportJob, encrypted: boolean): string {
  const format = job.spec.format ?? 'parquet';
  const compression = job.spec.compression ?? 'zstd';
  const base = format === 'parquet' ? 'parquet' : compression === 'zstd' ? `${format}.zst` : format;
  return encrypted ? `${base}.pgp` : base;
}

/** A Web byte stream fed by `write` with backpressure, and a hash and byte count of what passes through after it. */
function chunkChannel() {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>(undefined, { highWaterMark: 4 }, { highWaterMark: 4 });
  const writer = writable.getWriter();
  return {
    readable,
    async write(chunk: Uint8Array) {
      await writer.ready;
      void writer.write(chunk).catch(() => undefined);
    },
    close: () => writer.close(),
    abort: (reason: unknown) => writer.abort(reason).catch(() => undefined),
  };
}

function hashing(hash: ReturnType<typeof createHash>, counter: { bytes: number }) {
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      hash.update(chunk);
      counter.bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
}

/**
 * Exports one window: events → DataContract rows (restricted fields dropped or masked) → Parquet/CSV/NDJSON
 * with compression → OpenPGP → destination, one part per `rowsPerFile` rows, each streamed end to end.
 * Part names are fixed by the window, so running a window again replaces its files; the manifest is
 * written last and parts of an earlier run that are no longer listed are removed.
 */
export async function exportWindow(job: ExportJob, window: ExportWindow, ctx: WindowRunContext): Promise<WindowRunResult> {
  if (!job.dataContract) throw new Error(`DataContract ${job.spec.dataContract} is not applied`);
  const plan = planColumns(job.dataContract.spec, job.spec.source.fields, job.spec.restricted ?? 'drop');
  const classification = classificationMetadata(job, plan);
  const metadata = fileMetadata(job, classification, window);
  const format = job.spec.format ?? 'parquet';
  const compression = job.spec.compression ?? 'zstd';
  const rowsPerFile = job.spec.rowsPerFile ?? DEFAULT_ROWS_PER_FILE;
  const dir = `${job.integration}/${windowLabel(window)}`;
  const ext = extension(job, !!ctx.recipients);
  const parts: PartRecord[] = [...ctx.resumed];
  let rejected = 0;

  const columns = plan.columns;
  const groupRows = ctx.groupRows ?? DEFAULT_GROUP_ROWS;
  const reader = windowBatches(ctx.db, window, job.spec.source.events, parts.at(-1)?.last ?? null, ctx.pageSize);
  const encoder: GroupEncoder | null = format === 'parquet' ? await groupEncoder(columns, compression, ctx.encoderThreads ?? defaultEncoderThreads()) : null;
  const onRejected = (id: string, field: string) => ctx.onRejected?.(id, field);
  // Parquet row groups are encoded by the pool (in parallel, written in order); text rows in this thread.
  const fill = async (sink: ChunkSink): Promise<PartFill> => {
    if (format === 'parquet') {
      if (!encoder) throw new Error('the Parquet encoder was not started');
      const file = parquetAssembler({ columns, compression, metadata, sink });
      const filled = await fillPart({ reader, rowsPerFile, groupRows, depth: encoder.parallel + 1, encode: (b) => encoder.encode(b), write: (g) => file.append(g), onRejected });
      await file.finish();
      return filled;
    }
    const writer = await textPartWriter(format, { columns, compression, metadata, sink, groupRows });
    const opener = new SealedBatchOpener();
    const filled = await fillPart({
      reader,
      rowsPerFile,
      groupRows,
      depth: 1,
      encode: async (b) => batchColumns(b, columns, opener),
      write: async (built) => {
        for (let k = 0; k < built.rows; k++) await writer.add(built.data.map((d) => d[k]));
      },
      onRejected,
    });
    await writer.finish();
    return filled;
  };

  try {
    while ((await reader.more()) || parts.length === 0) {
      const index = parts.length;
      const key = `${dir}/part-${String(index).padStart(5, '0')}.${ext}`;
      const channel = chunkChannel();
      const hash = createHash('sha256');
      const counter = { bytes: 0 };
      const stored = (async () => {
        const body = ctx.recipients ? await encryptStream(channel.readable, ctx.recipients.keys) : channel.readable;
        await ctx.destination.put(key, body.pipeThrough(hashing(hash, counter)));
      })();
      // If the upload fails first, the writer side errors too; keep the rejection for the await below.
      stored.catch(() => undefined);
      let filled: PartFill;
      try {
        filled = await fill((c) => channel.write(c));
        await channel.close();
      } catch (error) {
        await channel.abort(error);
        await stored.catch(() => undefined);
        throw error;
      }
      await stored;
      rejected += filled.rejected;
      const last = filled.last ?? parts.at(-1)?.last ?? { acceptedAt: window.start.toISOString(), id: '' };
      const part: PartRecord = { part: index, key, rows: filled.rows, bytes: counter.bytes, sha256: hash.digest('hex'), last };
      await ctx.onPart(part);
      parts.push(part);
    }
  } finally {
    await encoder?.close();
  }

  const manifestKey = `${dir}/manifest.json`;
  const manifest: ExportManifest = {
    manifestVersion: 1,
    integration: job.integration,
    runId: ctx.runId,
    window: { start: window.start.toISOString(), end: window.end.toISOString() },
    format,
    compression,
    encryption: ctx.recipients ? { type: 'pgp', recipients: ctx.recipients.fingerprints } : null,
    rows: parts.reduce((n, p) => n + p.rows, 0),
    rejected,
    files: parts.map((p) => ({ name: p.key.slice(dir.length + 1), rows: p.rows, bytes: p.bytes, sha256: p.sha256 })),
    schema: plan.columns.map((c) => ({ name: c.name, type: c.type, required: c.required })),
    classification,
    createdAt: ctx.now().toISOString(),
  };
  const previous = await ctx.destination.getText(manifestKey);
  if (previous) {
    const keep = new Set(parts.map((p) => p.key));
    let old: string[] = [];
    try {
      old = (JSON.parse(previous) as ExportManifest).files.map((f) => `${dir}/${f.name}`);
    } catch {
      // An unreadable manifest is replaced below; its files cannot be known.
    }
    await ctx.destination.remove(old.filter((k) => !keep.has(k)));
  }
  await ctx.destination.putText(manifestKey, `${JSON.stringify(manifest, null, 2)}\n`);
  return { parts, rows: manifest.rows, rejected, manifestKey, manifest };
}
