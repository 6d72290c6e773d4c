import { SECRET_REF } from '../../validate/secrets.js';
import type { SecretLookup } from '../delivery/secret-refs.js';
import { openNatsSink } from './nats-sink.js';
import { openRabbitSink } from './rabbitmq-sink.js';
import { openRedisSink } from './redis-sink.js';
import type { SinkSpec, StreamSink } from './sink.js';

/** A URL given in the spec, or the value of the secret reference given instead. */
async function urlOf(value: string, secrets: SecretLookup): Promise<string> {
  if (!SECRET_REF.test(value)) return value;
  const url = await secrets(value);
  if (!url) throw new Error(`secret ${value} is not set`);
  return url;
}

/** Opens the one engine a stream names. Kafka has no sink in this runtime yet. */
export async function openSink(spec: SinkSpec, secrets: SecretLookup): Promise<StreamSink> {
  if (spec.nats) return openNatsSink(spec.nats);
  if (spec.redis) return openRedisSink(spec.redis, await urlOf(spec.redis.url, secrets));
  if (spec.rabbitmq) return openRabbitSink(spec.rabbitmq, await urlOf(spec.rabbitmq.url, secrets));
  throw new Error(`stream engine ${Object.keys(spec)[0] ?? '(none)'} has no sink in this runtime`);
}
