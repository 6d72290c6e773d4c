import { DescribeStreamSummaryCommand, KinesisClient, PutRecordsCommand, type PutRecordsRequestEntry } from '@aws-sdk/client-kinesis';
import type { SinkSpec, StreamMessage, StreamSink } from './sink.js';

export type KinesisSinkSpec = NonNullable<SinkSpec['kinesis']>;

/** AWS credentials with the secret references already resolved. */
export interface KinesisCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface KinesisSinkOptions {
  credentials?: KinesisCredentials;
  /** Pause before the n-th consecutive round that resends failed records; a record failing once more than there are pauses fails the batch. */
  retryDelaysMs?: readonly number[];
}

/** PutRecords limits: 500 records and 5 MiB per request (data and partition keys). */
const MAX_RECORDS = 500;
const MAX_REQUEST_BYTES = 5 * 1024 * 1024;
const DEFAULT_RETRY_DELAYS_MS = [100, 200, 400, 800, 1600, 3200];

/**
 * The record's data: Kinesis records have no headers, so the headers and the DataContract row travel together
 * as `{"headers": {...}, "value": <row>}` (the row as JSON, not as a string).
 */
export function kinesisEnvelope(m: StreamMessage): string {
  return `{"headers":${JSON.stringify({ ...m.headers, 'content-type': 'application/json' })},"value":${m.body}}`;
}

/**
 * Amazon Kinesis Data Streams: PutRecords with the stream key as partition key, so a key stays on one shard.
 * PutRecords may fail some records and append the rest, so a request holds at most one record per key: a key's
 * next record is sent only once the one before it is appended, and a failed record (FailedRecordCount) is sent
 * again in the next request, before anything after it of its key. A batch resent from the cursor after a crash
 * is appended again: consumers drop repeats by the `interlock-event-id` header in the envelope.
 */
export async function openKinesisSink(spec: KinesisSinkSpec, opts: KinesisSinkOptions = {}): Promise<StreamSink> {
  const client = new KinesisClient({
    region: spec.region,
    ...(spec.endpoint ? { endpoint: spec.endpoint } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    maxAttempts: 3,
  });
  try {
    // Fails at open (a visible failure of the stream) when the stream does not exist or cannot take records.
    const { StreamDescriptionSummary: summary } = await client.send(new DescribeStreamSummaryCommand({ StreamName: spec.stream }));
    if (summary?.StreamStatus !== 'ACTIVE' && summary?.StreamStatus !== 'UPDATING') throw new Error(`Kinesis stream ${spec.stream} is ${summary?.StreamStatus ?? 'unknown'}, not ACTIVE`);
  } catch (error) {
    client.destroy();
    throw error;
  }
  const delays = opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  return {
    engine: 'kinesis',
    async publish(batch) {
      const pending = byKeyQueues(batch);
      const acked = new Set<string>();
      let retries = 0;
      let lastError = '';
      while (pending.size) {
        const round = nextRound(pending);
        const entries: PutRecordsRequestEntry[] = round.map(({ m, data }) => ({ PartitionKey: m.key, Data: data }));
        const out = await client.send(new PutRecordsCommand({ StreamName: spec.stream, Records: entries }));
        let failed = 0;
        round.forEach(({ m }, i) => {
          const result = out.Records?.[i];
          if (result && !result.ErrorCode && result.SequenceNumber) {
            acked.add(m.id);
            const queue = pending.get(m.key)!;
            queue.shift();
            if (!queue.length) pending.delete(m.key);
          } else {
            failed++;
            lastError = `${result?.ErrorCode ?? 'no result'}: ${result?.ErrorMessage ?? ''}`;
          }
        });
        if (!failed) {
          retries = 0;
          continue;
        }
        if (retries >= delays.length) throw new Error(`Kinesis refused ${failed} of ${round.length} records ${retries + 1} times in a row (${lastError.trim()})`);
        await new Promise((r) => setTimeout(r, delays[retries++]));
      }
      return batch.map((m) => m.id).filter((id) => acked.has(id));
    },
    close: async () => client.destroy(),
  };
}

interface Pending {
  m: StreamMessage;
  data: Buffer;
}

/** Each key's messages (with their envelopes) in batch order, keys in order of first appearance. */
function byKeyQueues(batch: readonly StreamMessage[]): Map<string, Pending[]> {
  const queues = new Map<string, Pending[]>();
  for (const m of batch) {
    const p = { m, data: Buffer.from(kinesisEnvelope(m)) };
    const q = queues.get(m.key);
    if (q) q.push(p);
    else queues.set(m.key, [p]);
  }
  return queues;
}

/** The head of each key's queue, within one request's limits. */
function nextRound(pending: Map<string, Pending[]>): Pending[] {
  const round: Pending[] = [];
  let bytes = 0;
  for (const [key, queue] of pending) {
    const size = queue[0].data.length + Buffer.byteLength(key);
    if (round.length === MAX_RECORDS || (round.length && bytes + size > MAX_REQUEST_BYTES)) break;
    round.push(queue[0]);
    bytes += size;
  }
  return round;
}
