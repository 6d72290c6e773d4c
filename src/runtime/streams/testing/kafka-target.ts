import { randomBytes } from 'node:crypto';
import { Admin, Consumer, MessagesStreamModes, stringDeserializers } from '@platformatic/kafka';
import type { EngineReader, ReadMessage } from '../stream-readers.js';
import { startFakeKafkaBroker, type FakeKafkaRecord } from './kafka-fake-broker.js';

/**
 * Test support: where Kafka tests publish. A real broker when `KAFKA_BROKERS` (comma-separated `host:port`) is
 * set, else the protocol-level fake broker on loopback; `description` says which, for the test output.
 */
export interface KafkaTarget {
  readonly brokers: string[];
  readonly description: string;
  /** Creates the topic (3 partitions) where the broker needs it, and reads it back from the start. */
  reader(topic: string): Promise<EngineReader>;
  close(): Promise<void>;
}

function fromFake(r: FakeKafkaRecord): ReadMessage {
  return { id: r.headers['interlock-event-id'] ?? '', key: r.key ?? '', body: JSON.parse(r.value ?? 'null') as Record<string, unknown>, headers: r.headers };
}

export async function kafkaTarget(env: Record<string, string | undefined> = process.env): Promise<KafkaTarget> {
  const real = env.KAFKA_BROKERS?.split(',').map((b) => b.trim()).filter(Boolean);
  if (!real?.length) {
    const broker = await startFakeKafkaBroker({ partitions: 3 });
    return {
      brokers: [broker.bootstrap],
      description: `the protocol-level fake Kafka broker on ${broker.bootstrap} (set KAFKA_BROKERS for a real one)`,
      reader: async (topic) => ({ read: async () => broker.records(topic).map(fromFake), close: async () => undefined }),
      close: () => broker.close(),
    };
  }
  const admin = new Admin({ clientId: 'interlock-test-admin', bootstrapBrokers: real });
  const topics: string[] = [];
  return {
    brokers: real,
    description: `the Kafka broker at ${real.join(',')} (KAFKA_BROKERS)`,
    async reader(topic) {
      await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 });
      topics.push(topic);
      const consumer = new Consumer({ groupId: `interlock-test-${randomBytes(4).toString('hex')}`, clientId: 'interlock-test-reader', bootstrapBrokers: real, deserializers: stringDeserializers });
      const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false });
      const seen: ReadMessage[] = [];
      stream.on('data', (m) => {
        const headers = Object.fromEntries(m.headers);
        seen.push({ id: headers['interlock-event-id'] ?? '', key: m.key, body: JSON.parse(m.value) as Record<string, unknown>, headers });
      });
      return {
        read: async () => [...seen],
        close: async () => {
          await stream.close();
          await consumer.close();
        },
      };
    },
    async close() {
      if (topics.length) await admin.deleteTopics({ topics }).catch(() => undefined);
      await admin.close();
    },
  };
}
