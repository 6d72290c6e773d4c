import type { PubSubSinkSpec } from '../pubsub-sink.js';
import type { EngineReader } from '../stream-readers.js';
import { startFakePubSub } from './pubsub-fake.js';

/** Test support: the gRPC Pub/Sub fake on loopback, a sink spec for it (emulator mode), and a reader of what it holds. */
export interface PubSubTarget {
  readonly description: string;
  /** Creates the topic and returns the sink settings for it. */
  spec(topic: string): PubSubSinkSpec;
  reader(topic: string): Promise<EngineReader>;
  close(): Promise<void>;
}

const PROJECT = 'interlock-test';

export async function pubsubTarget(): Promise<PubSubTarget> {
  const fake = await startFakePubSub();
  return {
    description: `the gRPC Pub/Sub fake on ${fake.endpoint} (emulator mode; no Google API)`,
    spec(topic) {
      fake.createTopic(PROJECT, topic);
      return { project: PROJECT, topic, apiEndpoint: fake.endpoint };
    },
    reader: async (topic) => ({
      read: async () =>
        fake.messages(PROJECT, topic).map((m) => ({ id: m.attributes['interlock-event-id'] ?? '', key: m.orderingKey, body: JSON.parse(m.data.toString('utf8')) as Record<string, unknown>, headers: m.attributes })),
      close: async () => undefined,
    }),
    close: () => fake.close(),
  };
}
