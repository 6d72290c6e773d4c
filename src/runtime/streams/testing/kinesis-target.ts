import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient, ListShardsCommand } from '@aws-sdk/client-kinesis';
import type { SecretLookup } from '../../delivery/secret-refs.js';
import type { KinesisSinkSpec } from '../kinesis-sink.js';
import type { EngineReader, ReadMessage } from '../stream-readers.js';
import { startFakeKinesis } from './kinesis-fake.js';

/** Test support: the Kinesis fake on loopback, a sink spec for it, and a reader through the SDK (not the sink). */
export interface KinesisTarget {
  readonly description: string;
  /** Resolves the credential references of `spec` (the fake ignores signatures, the SDK needs some). */
  readonly secrets: SecretLookup;
  /** Creates the stream (4 shards) and returns the sink settings for it. */
  spec(stream: string): KinesisSinkSpec;
  /** Every record of every shard, shard by shard, envelopes unwrapped. */
  reader(stream: string): Promise<EngineReader>;
  close(): Promise<void>;
}

const CREDENTIALS = { accessKeyId: 'AKIDKINESISFAKE', secretAccessKey: 'kinesis-fake-secret' };
const REFS = { accessKeyId: 'env:KINESIS_FAKE_ACCESS_KEY_ID', secretAccessKey: 'env:KINESIS_FAKE_SECRET_ACCESS_KEY' };

export async function kinesisTarget(): Promise<KinesisTarget> {
  const fake = await startFakeKinesis();
  const client = new KinesisClient({ region: 'eu-central-1', endpoint: fake.endpoint, credentials: CREDENTIALS });
  return {
    description: `the Kinesis fake on ${fake.endpoint} (JSON protocol over HTTP/2; no real Kinesis)`,
    secrets: (ref) => (ref === REFS.accessKeyId ? CREDENTIALS.accessKeyId : ref === REFS.secretAccessKey ? CREDENTIALS.secretAccessKey : undefined),
    spec(stream) {
      fake.createStream(stream, 4);
      return { stream, region: 'eu-central-1', endpoint: fake.endpoint, credentials: REFS };
    },
    async reader(stream) {
      return {
        async read() {
          const out: ReadMessage[] = [];
          const { Shards = [] } = await client.send(new ListShardsCommand({ StreamName: stream }));
          for (const shard of Shards) {
            let { ShardIterator: iterator } = await client.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
            for (;;) {
              const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
              for (const r of page.Records ?? []) {
                const { headers, value } = JSON.parse(Buffer.from(r.Data ?? []).toString('utf8')) as { headers: Record<string, string>; value: Record<string, unknown> };
                out.push({ id: headers['interlock-event-id'] ?? '', key: r.PartitionKey ?? '', body: value, headers });
              }
              if (!page.Records?.length || !page.NextShardIterator) break;
              iterator = page.NextShardIterator;
            }
          }
          return out;
        },
        close: async () => undefined,
      };
    },
    async close() {
      client.destroy();
      await fake.close();
    },
  };
}
