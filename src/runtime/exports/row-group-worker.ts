import { parentPort, workerData } from 'node:worker_threads';
import type { Column } from './columns.js';
import type { EventBatch } from './event-pages.js';
import { rowGroupEncoder, type Compression } from './row-group.js';
import type { EncodeReply, EncodeRequest } from './encoder-pool.js';

/** A worker thread of the encoder pool: batches in, encoded row groups out (buffers transferred, not copied). */
const { columns, compression } = workerData as { columns: Column[]; compression: Compression };
const encode = await rowGroupEncoder(columns, compression);
const port = parentPort!;
port.on('message', ({ seq, batch }: EncodeRequest & { batch: EventBatch }) => {
  let reply: EncodeReply;
  try {
    reply = { seq, group: encode(batch), spent: { payloads: batch.payloads, ends: batch.ends } };
  } catch (error) {
    reply = { seq, error: (error as Error).message };
  }
  // The group's bytes and the batch's buffers (for the reader to fill again) move back without a copy.
  port.postMessage(reply, 'group' in reply ? [reply.group.bytes.buffer as ArrayBuffer, batch.payloads.buffer as ArrayBuffer, batch.ends.buffer as ArrayBuffer] : []);
});
