import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers as natsHeaders } from '@nats-io/transport-node';
import { publishPerKey, type SinkSpec, type StreamSink } from './sink.js';

export type NatsSinkSpec = NonNullable<SinkSpec['nats']>;

/** A key as one subject token: NATS tokens cannot hold `.`, whitespace, `*` or `>`. */
export function subjectToken(key: string): string {
  const t = key.replace(/[.\s*>]/g, '_');
  return t === '' ? '_' : t;
}

/**
 * NATS JetStream: each message goes to `<subject>.<key>` with `Nats-Msg-Id` = event id, so a batch resent
 * after a crash is de-duplicated by the stream (within its duplicate window). The stream is created over
 * `<subject>.>` when `stream` is named and missing.
 */
export async function openNatsSink(spec: NatsSinkSpec): Promise<StreamSink> {
  const nc = await connect({ servers: spec.servers.map((s) => s.replace(/^nats:\/\//, '')), name: 'interlock-stream-sink', maxReconnectAttempts: 2 });
  try {
    if (spec.stream) {
      const jsm = await jetstreamManager(nc);
      try {
        await jsm.streams.info(spec.stream);
      } catch {
        await jsm.streams.add({ name: spec.stream, subjects: [`${spec.subject}.>`] });
      }
    }
  } catch (error) {
    await nc.close();
    throw error;
  }
  const js = jetstream(nc);
  return {
    engine: 'nats',
    publish: (batch) =>
      publishPerKey(batch, async (m) => {
        const h = natsHeaders();
        for (const [k, v] of Object.entries(m.headers)) h.set(k, v);
        h.set('Content-Type', 'application/json');
        await js.publish(`${spec.subject}.${subjectToken(m.key)}`, m.body, { msgID: m.id, headers: h });
      }),
    close: () => nc.close(),
  };
}
