import { compatibilityPartitioner, Producer, stringSerializers } from '@platformatic/kafka';
import type { SinkSpec, StreamSink } from './sink.js';

export type KafkaSinkSpec = NonNullable<SinkSpec['kafka']>;

/** SASL credentials with the secret references already resolved. */
export interface KafkaCredentials {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  username: string;
  password: string;
}

const MECHANISM = { plain: 'PLAIN', 'scram-sha-256': 'SCRAM-SHA-256', 'scram-sha-512': 'SCRAM-SHA-512' } as const;

/**
 * Kafka (@platformatic/kafka): a batch is one `send` of JSON DataContract rows keyed by the stream key, with the
 * Java client's murmur2 partitioner so a key lands on the partition other clients would pick, and one key's
 * messages stay in batch order on that partition. The producer is idempotent (acks = all), so the client's
 * own retries never duplicate or reorder; a batch resent from the cursor after a crash is a new producer
 * session and may be appended again: consumers drop repeats by the `interlock-event-id` header.
 */
export async function openKafkaSink(spec: KafkaSinkSpec, credentials?: KafkaCredentials): Promise<StreamSink> {
  const producer = new Producer({
    clientId: 'interlock-stream-sink',
    bootstrapBrokers: spec.brokers,
    serializers: stringSerializers,
    idempotent: true,
    partitioner: compatibilityPartitioner,
    connectTimeout: 5_000,
    timeout: 15_000,
    retries: 3,
    retryDelay: 250,
    ...(spec.ssl ? { tls: {} } : {}),
    ...(credentials ? { sasl: { mechanism: MECHANISM[credentials.mechanism], username: credentials.username, password: credentials.password } } : {}),
  });
  try {
    // Fails at open (a visible failure of the stream) when no broker answers or the topic does not exist.
    await producer.metadata({ topics: [spec.topic] });
  } catch (error) {
    await producer.close().catch(() => undefined);
    throw error;
  }
  return {
    engine: 'kafka',
    async publish(batch) {
      if (!batch.length) return [];
      await producer.send({
        messages: batch.map((m) => ({ topic: spec.topic, key: m.key, value: m.body, headers: { ...m.headers, 'content-type': 'application/json' } })),
      });
      return batch.map((m) => m.id);
    },
    close: () => producer.close(),
  };
}
