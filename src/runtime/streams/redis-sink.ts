import { Redis } from 'ioredis';
import { publishPerKey, type SinkSpec, type StreamSink } from './sink.js';

export type RedisSinkSpec = NonNullable<SinkSpec['redis']>;

/** How long a message id is remembered to drop a resent duplicate. */
export const REDIS_DEDUPE_MS = 24 * 60 * 60 * 1000;

/**
 * XADD only when the message id was not added before (an `SET NX` marker beside the stream, in one script so
 * the check and the add are atomic): a batch resent after a crash adds no duplicates within the marker's life.
 */
const ADD_ONCE = `
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then
  return redis.call('XADD', KEYS[1], unpack(ARGV, 2))
end
return false`;

/** Redis Streams: one entry per message with the fields `key`, `id`, `body` and one field per header. */
export async function openRedisSink(spec: RedisSinkSpec, url: string): Promise<StreamSink> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => undefined); // failures surface as rejected commands
  await redis.connect();
  const cap = spec.maxLen ? ['MAXLEN', '~', String(spec.maxLen)] : [];
  return {
    engine: 'redis',
    publish: (batch) =>
      publishPerKey(batch, async (m) => {
        const fields = ['key', m.key, 'id', m.id, 'body', m.body, ...Object.entries(m.headers).flat()];
        await redis.eval(ADD_ONCE, 2, spec.stream, `${spec.stream}:sent:${m.id}`, String(REDIS_DEDUPE_MS), ...cap, '*', ...fields);
      }),
    close: async () => {
      redis.disconnect();
    },
  };
}
