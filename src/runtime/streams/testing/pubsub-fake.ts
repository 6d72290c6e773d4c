import { createRequire } from 'node:module';
import path from 'node:path';
import { Server, ServerCredentials, status, type ServerUnaryCall, type ServiceDefinition, type sendUnaryData } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/** A message as the fake topic holds it. */
export interface FakePubSubMessage {
  messageId: string;
  data: Buffer;
  attributes: Record<string, string>;
  orderingKey: string;
}

export interface FakePubSub {
  /** `127.0.0.1:<port>`, for the sink's `apiEndpoint` (or `PUBSUB_EMULATOR_HOST`). */
  readonly endpoint: string;
  /** Creates `projects/<project>/topics/<topic>`. */
  createTopic(project: string, topic: string): void;
  /** What was published to the topic, in arrival order. */
  messages(project: string, topic: string): FakePubSubMessage[];
  /** Every Publish request so far: its topic and the ordering keys of its messages. */
  readonly publishRequests: readonly { topic: string; orderingKeys: string[] }[];
  /** The next `n` Publish requests fail with this gRPC status (default PERMISSION_DENIED, which the client does not retry). */
  failNextPublishes(n: number, code?: status): void;
  close(): Promise<void>;
}

interface PublishRequest {
  topic: string;
  messages: { data: Buffer; attributes?: Record<string, string>; orderingKey?: string }[];
}

/** The Publisher service of the pubsub.proto shipped inside the installed @google-cloud/pubsub (its imports from google-gax). */
function publisherService(): ServiceDefinition {
  const require = createRequire(import.meta.url);
  const pubsubRoot = path.resolve(path.dirname(require.resolve('@google-cloud/pubsub')), '../..');
  const gaxRoot = path.resolve(path.dirname(createRequire(path.join(pubsubRoot, 'package.json')).resolve('google-gax')), '../..');
  const definition = loadSync('google/pubsub/v1/pubsub.proto', {
    includeDirs: [path.join(pubsubRoot, 'build/protos'), path.join(gaxRoot, 'build/protos')],
    keepCase: false,
    longs: String,
    enums: String,
    defaults: false,
    oneofs: true,
  });
  // proto-loader's package definition holds each service's method definitions under its full name.
  return definition['google.pubsub.v1.Publisher'] as ServiceDefinition;
}

/**
 * Test support: a Google Cloud Pub/Sub fake on loopback, a gRPC server (plaintext, as the emulator) with the
 * Publisher service's GetTopic and Publish; every other method answers UNIMPLEMENTED.
 */
export async function startFakePubSub(): Promise<FakePubSub> {
  const topics = new Map<string, FakePubSubMessage[]>();
  const publishRequests: { topic: string; orderingKeys: string[] }[] = [];
  let failing = 0;
  let failCode: status = status.PERMISSION_DENIED;
  let next = 0;

  const server = new Server();
  server.addService(publisherService(), {
    GetTopic(call: ServerUnaryCall<{ topic: string }, unknown>, callback: sendUnaryData<unknown>) {
      if (!topics.has(call.request.topic)) return callback({ code: status.NOT_FOUND, details: `Topic not found` });
      callback(null, { name: call.request.topic });
    },
    Publish(call: ServerUnaryCall<PublishRequest, unknown>, callback: sendUnaryData<unknown>) {
      const { topic, messages } = call.request;
      const held = topics.get(topic);
      if (!held) return callback({ code: status.NOT_FOUND, details: `Topic not found` });
      publishRequests.push({ topic, orderingKeys: messages.map((m) => m.orderingKey ?? '') });
      if (failing > 0) {
        failing--;
        return callback({ code: failCode, details: 'injected by the fake' });
      }
      const ids = messages.map((m) => {
        const messageId = String(++next);
        held.push({ messageId, data: Buffer.from(m.data ?? []), attributes: { ...(m.attributes ?? {}) }, orderingKey: m.orderingKey ?? '' });
        return messageId;
      });
      callback(null, { messageIds: ids });
    },
  });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, p) => (error ? reject(error) : resolve(p))));
  const name = (project: string, topic: string) => `projects/${project}/topics/${topic}`;
  return {
    endpoint: `127.0.0.1:${port}`,
    createTopic(project, topic) {
      topics.set(name(project, topic), []);
    },
    messages: (project, topic) => [...(topics.get(name(project, topic)) ?? [])],
    publishRequests,
    failNextPublishes(n, code = status.PERMISSION_DENIED) {
      failing = n;
      failCode = code;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => server.forceShutdown(), 1000).unref();
      }),
  };
}
