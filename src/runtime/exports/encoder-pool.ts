import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../package-files.js';
import type { Column } from './columns.js';
import type { BatchBuffers, EventBatch } from './event-pages.js';
import { encoderBatch, rowGroupEncoder, type Compression, type EncodedGroup } from './row-group.js';

export interface EncodeRequest {
  seq: number;
  batch: EventBatch;
}
export type EncodeReply = { seq: number; group: EncodedGroup; spent: BatchBuffers } | { seq: number; error: string };

/** An encoded group, and the batch's buffers for the reader to reuse (a worker thread hands them back). */
export interface PooledGroup extends EncodedGroup {
  spent: BatchBuffers;
}

/** Encodes batches to row groups; answers may arrive out of order, the caller keeps the file's order. */
export interface GroupEncoder {
  encode(batch: EventBatch): Promise<PooledGroup>;
  /** How many batches can usefully be in flight at once. */
  readonly parallel: number;
  close(): Promise<void>;
}

const ENCODER_HEAP_MB = 128;

const here = fileURLToPath(import.meta.url);
/** Run from the TypeScript sources (tests), a worker cannot load `.ts`: the build in dist/ is used, if there is one. */
const fromSources = here.endsWith('.ts');

function workerFile(): URL {
  const file = fromSources ? path.join(packageRoot(), 'dist', path.relative(packageRoot(), path.dirname(here)), 'row-group-worker.js') : path.join(path.dirname(here), 'row-group-worker.js');
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first`);
  return pathToFileURL(file);
}

/** Past this many threads the reading thread (about a tenth of the work) is the limit, and memory grows by a batch and a heap a thread. */
const MAX_THREADS = 4;

/**
 * Worker threads an export encodes with by default: one per core up to MAX_THREADS (the reading thread mostly
 * waits on them and the store), none when run from the TypeScript sources, where a worker would load an older build.
 */
export function defaultEncoderThreads(): number {
  return fromSources ? 0 : Math.min(MAX_THREADS, availableParallelism());
}

/** `threads` worker threads, or this thread when 0 (the same encoder, one batch at a time). */
export async function groupEncoder(columns: readonly Column[], compression: Compression, threads: number): Promise<GroupEncoder> {
  if (threads <= 0) {
    const encode = await rowGroupEncoder(columns, compression);
    return { parallel: 1, encode: async (batch) => ({ ...encode(batch), spent: batch }), close: async () => undefined };
  }
  const file = workerFile();
  const pending = new Map<number, { resolve(g: PooledGroup): void; reject(e: Error): void }>();
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  const workers = Array.from({ length: threads }, () => {
    // A thread holds one batch (at most BATCH_BYTES of payloads) at a time; the cap makes V8 collect instead
    // of growing its heap lazily with every batch, which showed as memory rising with the row count.
    const w = new Worker(file, { workerData: { columns, compression }, resourceLimits: { maxOldGenerationSizeMb: ENCODER_HEAP_MB } });
    w.on('message', (m: EncodeReply) => {
      const p = pending.get(m.seq);
      pending.delete(m.seq);
      if ('error' in m) p?.reject(new Error(m.error));
      else p?.resolve({ ...m.group, spent: m.spent });
    });
    w.on('error', (error) => fail(error));
    w.on('exit', (code) => fail(new Error(`an export encoder thread exited with code ${code}`)));
    return w;
  });
  let seq = 0;
  return {
    parallel: threads,
    encode(batch) {
      if (failure) return Promise.reject(failure);
      const id = seq++;
      return new Promise<PooledGroup>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        // Batches go round-robin: they are of equal size, so the threads stay evenly loaded. The payload
        // buffers move to the thread (no copy) and come back with its reply.
        workers[id % threads].postMessage({ seq: id, batch: encoderBatch(batch, columns) } satisfies EncodeRequest, [batch.payloads.buffer as ArrayBuffer, batch.ends.buffer as ArrayBuffer]);
      });
    },
    async close() {
      failure ??= new Error('the export encoder pool is closed');
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
