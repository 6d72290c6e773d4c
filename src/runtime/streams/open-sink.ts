import { SECRET_REF } from '../../validate/secrets.js';
import type { SecretLookup } from '../delivery/secret-refs.js';
import { openKafkaSink, type KafkaSinkSpec } from './kafka-sink.js';
import { openKinesisSink, type KinesisSinkSpec } from './kinesis-sink.js';
import { openNatsSink } from './nats-sink.js';
import { openPubSubSink } from './pubsub-sink.js';
import { openRabbitSink } from './rabbitmq-sink.js';
import { openRedisSink } from './redis-sink.js';
import type { SinkSpec, StreamSink } from './sink.js';

/** A URL given in the spec, or the value of the secret reference given instead. */
async function urlOf(value: string, secrets: SecretLookup): Promise<string> {
  return SECRET_REF.test(value) ? secretOf(value, secrets) : value;
}

async function secretOf(ref: string, secrets: SecretLookup): Promise<string> {
  const value = await secrets(ref);
  if (!value) throw new Error(`secret ${ref} is not set`);
  return value;
}

async function kafkaCredentials(spec: KafkaSinkSpec, secrets: SecretLookup) {
  if (!spec.sasl) return undefined;
  return { mechanism: spec.sasl.mechanism, username: await secretOf(spec.sasl.username, secrets), password: await secretOf(spec.sasl.password, secrets) };
}

async function awsCredentials(spec: KinesisSinkSpec, secrets: SecretLookup) {
  if (!spec.credentials) return undefined;
  return { accessKeyId: await secretOf(spec.credentials.accessKeyId, secrets), secretAccessKey: await secretOf(spec.credentials.secretAccessKey, secrets) };
}

/** Opens the one engine a stream names. */
export async function openSink(spec: SinkSpec, secrets: SecretLookup): Promise<StreamSink> {
  if (spec.kafka) return openKafkaSink(spec.kafka, await kafkaCredentials(spec.kafka, secrets));
  if (spec.nats) return openNatsSink(spec.nats);
  if (spec.redis) return openRedisSink(spec.redis, await urlOf(spec.redis.url, secrets));
  if (spec.rabbitmq) return openRabbitSink(spec.rabbitmq, await urlOf(spec.rabbitmq.url, secrets));
  if (spec.kinesis) return openKinesisSink(spec.kinesis, { credentials: await awsCredentials(spec.kinesis, secrets) });
  if (spec.pubsub) return openPubSubSink(spec.pubsub, spec.pubsub.credentials ? { credentials: await secretOf(spec.pubsub.credentials, secrets) } : {});
  throw new Error(`stream engine ${Object.keys(spec)[0] ?? '(none)'} has no sink in this runtime`);
}
