import type { StreamMessage, SinkSpec, StreamSink } from './sink.js';

export type PubSubSinkSpec = NonNullable<SinkSpec['pubsub']>;

/** The optional package's module, loaded only when a stream names Pub/Sub (type-only here: erased at run time). */
export type PubSubModule = typeof import('@google-cloud/pubsub');

/** The version range of the optional peer dependency, for the install hint. */
export const PUBSUB_PACKAGE = '@google-cloud/pubsub@^5.3.1';

/** Pub/Sub refuses attribute values over 1024 bytes; the message says which header was too long instead. */
const MAX_ATTRIBUTE_BYTES = 1024;

/** The runtime has no `@google-cloud/pubsub`: a configuration error of the stream, located at its sink. */
export class PubSubNotInstalledError extends Error {
  readonly pointer = '/spec/stream/sink/pubsub';
  constructor(cause: unknown) {
    super(`/spec/stream/sink/pubsub needs the optional package @google-cloud/pubsub, which is not installed: run \`npm install ${PUBSUB_PACKAGE}\` where interlock is installed`, { cause });
    this.name = 'PubSubNotInstalledError';
  }
}

export const importPubSub = (): Promise<PubSubModule> => import('@google-cloud/pubsub');

async function loadPubSub(load: () => Promise<PubSubModule>): Promise<PubSubModule> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') throw new PubSubNotInstalledError(error);
    throw error;
  }
}

export interface PubSubSinkOptions {
  /** A service-account key (JSON), the secret reference already resolved; else Application Default Credentials. */
  credentials?: string;
  /** How the client package is loaded (tests simulate its absence). */
  load?: () => Promise<PubSubModule>;
}

function attributesOf(m: StreamMessage): Record<string, string> {
  const attributes = { ...m.headers, 'content-type': 'application/json' };
  for (const [k, v] of Object.entries(attributes)) {
    const bytes = Buffer.byteLength(v);
    if (bytes > MAX_ATTRIBUTE_BYTES) throw new Error(`Pub/Sub attribute ${k} of event ${m.id} is ${bytes} bytes; Pub/Sub allows ${MAX_ATTRIBUTE_BYTES}`);
  }
  return attributes;
}

/**
 * Google Cloud Pub/Sub (`@google-cloud/pubsub`, an optional peer dependency loaded on first use): messages are
 * published with `orderingKey` = the stream key on a topic opened with message ordering, so the client sends a
 * key's messages one batch after the other and Pub/Sub delivers them in that order to subscriptions with
 * ordering enabled; the headers are message attributes. When a publish fails, the client rejects the key's
 * later messages too (nothing after a failed message goes out); the sink resumes the key and fails the batch,
 * which is resent from the cursor (consumers drop repeated `interlock-event-id`s). `apiEndpoint` names an emulator (plaintext, no authentication).
 */
export async function openPubSubSink(spec: PubSubSinkSpec, opts: PubSubSinkOptions = {}): Promise<StreamSink> {
  const { PubSub } = await loadPubSub(opts.load ?? importPubSub);
  const pubsub = new PubSub({
    projectId: spec.project,
    // The universe domain given, an emulator needs no credentials: the client does not look for a metadata server.
    ...(spec.apiEndpoint ? { apiEndpoint: spec.apiEndpoint, emulatorMode: true, universeDomain: 'googleapis.com' } : {}),
    ...(opts.credentials ? { credentials: JSON.parse(opts.credentials) as { client_email: string; private_key: string } } : {}),
  });
  const topic = pubsub.topic(spec.topic, { messageOrdering: true, batching: { maxMessages: 500, maxMilliseconds: 5 } });
  try {
    // Fails at open (a visible failure of the stream) when the topic does not exist or the endpoint does not answer.
    const [exists] = await topic.exists();
    if (!exists) throw new Error(`Pub/Sub topic projects/${spec.project}/topics/${spec.topic} does not exist`);
  } catch (error) {
    await pubsub.close().catch(() => undefined);
    throw error;
  }
  return {
    engine: 'pubsub',
    async publish(batch) {
      const sent = batch.map((m) => ({ m, attributes: attributesOf(m) }));
      const results = await Promise.allSettled(sent.map(({ m, attributes }) => topic.publishMessage({ data: Buffer.from(m.body), orderingKey: m.key, attributes })));
      const failed = results.findIndex((r) => r.status === 'rejected');
      if (failed >= 0) {
        // The client's contract after a failed ordered publish (it rejected the key's later messages too).
        for (const key of new Set(batch.filter((_, i) => results[i].status === 'rejected').map((m) => m.key))) topic.resumePublishing(key);
        throw (results[failed] as PromiseRejectedResult).reason;
      }
      return batch.map((m) => m.id);
    },
    close: async () => {
      await topic.flush().catch(() => undefined);
      await pubsub.close();
    },
  };
}
