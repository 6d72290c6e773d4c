import type { IntegrationSpec } from '../../core/resources.js';

export type StreamSpec = NonNullable<IntegrationSpec['stream']>;
export type SinkSpec = StreamSpec['sink'];
export type StreamEngine = keyof SinkSpec;

/** One message: `key` orders it (one key, one order), `id` de-duplicates it where the engine can. */
export interface StreamMessage {
  key: string;
  id: string;
  /** The event type (RabbitMQ's default routing key). */
  type: string;
  /** The DataContract row as JSON. */
  body: string;
  headers: Readonly<Record<string, string>>;
}

/**
 * A stream engine. `publish` sends a batch with the messages of one key in batch order, one after the other,
 * and resolves with the ids the engine acknowledged (durably stored); it rejects when any message of the
 * batch was not acknowledged, so the caller resends the batch (at least once).
 */
export interface StreamSink {
  readonly engine: StreamEngine;
  publish(batch: readonly StreamMessage[]): Promise<string[]>;
  close(): Promise<void>;
}

/** The batch split by key, each key's messages in batch order. */
export function byKey(batch: readonly StreamMessage[]): StreamMessage[][] {
  const groups = new Map<string, StreamMessage[]>();
  for (const m of batch) {
    const g = groups.get(m.key);
    if (g) g.push(m);
    else groups.set(m.key, [m]);
  }
  return [...groups.values()];
}

/** Sends each key's messages sequentially and the keys concurrently; the acknowledged ids in batch order. */
export async function publishPerKey(batch: readonly StreamMessage[], send: (m: StreamMessage) => Promise<void>): Promise<string[]> {
  const acked = new Set<string>();
  const results = await Promise.allSettled(
    byKey(batch).map(async (group) => {
      for (const m of group) {
        await send(m);
        acked.add(m.id);
      }
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return batch.map((m) => m.id).filter((id) => acked.has(id));
}
