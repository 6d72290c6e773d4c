import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import amqp from 'amqplib';
import { Redis } from 'ioredis';

/** What a test reads back from an engine: messages in engine order with their headers. */
export interface ReadMessage {
  id: string;
  key: string;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/** Test support: an independent reader per engine (the engines' own clients, not the sinks). */
export interface EngineReader {
  read(): Promise<ReadMessage[]>;
  close(): Promise<void>;
}

export const NATS_URL = 'nats://127.0.0.1:4222';
export const REDIS_URL = 'redis://127.0.0.1:6379';
export const AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

/** Every message of a JetStream stream by sequence; deletes the stream on close. */
export async function natsReader(stream: string): Promise<EngineReader> {
  const nc = await connect({ servers: '127.0.0.1:4222' });
  const jsm = await jetstreamManager(nc);
  return {
    async read() {
      const out: ReadMessage[] = [];
      let info;
      try {
        info = await jsm.streams.info(stream);
      } catch {
        return out;
      }
      for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
        const m = await jsm.streams.getMessage(stream, { seq });
        if (!m) continue;
        const headers: Record<string, string> = {};
        for (const [k] of m.header) headers[k.toLowerCase()] = m.header.get(k);
        out.push({ id: m.header.get('Nats-Msg-Id'), key: m.subject.split('.').pop() ?? '', body: m.json<Record<string, unknown>>(), headers });
      }
      return out;
    },
    async close() {
      await jsm.streams.delete(stream).catch(() => undefined);
      await nc.close();
    },
  };
}

/** XRANGE of a Redis stream; deletes it (and its id markers) on close. */
export async function redisReader(stream: string): Promise<EngineReader> {
  const redis = new Redis(REDIS_URL);
  return {
    async read() {
      return (await redis.xrange(stream, '-', '+')).map(([, fields]) => {
        const f: Record<string, string> = {};
        for (let i = 0; i < fields.length; i += 2) f[fields[i]] = fields[i + 1];
        const { key, id, body, ...headers } = f;
        return { id, key, body: JSON.parse(body) as Record<string, unknown>, headers };
      });
    },
    async close() {
      const markers = await redis.keys(`${stream}:sent:*`);
      if (markers.length) await redis.del(...markers);
      await redis.del(stream);
      redis.disconnect();
    },
  };
}

/** A queue bound to the exchange (`#`) before anything is published, drained message by message. */
export async function rabbitReader(exchange: string): Promise<EngineReader> {
  const conn = await amqp.connect(AMQP_URL);
  const ch = await conn.createChannel();
  await ch.assertExchange(exchange, 'topic', { durable: true });
  const { queue } = await ch.assertQueue('', { exclusive: true });
  await ch.bindQueue(queue, exchange, '#');
  const seen: ReadMessage[] = [];
  return {
    async read() {
      for (;;) {
        const m = await ch.get(queue, { noAck: true });
        if (!m) return [...seen];
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(m.properties.headers ?? {})) headers[k] = String(v);
        seen.push({ id: String(m.properties.messageId), key: headers['interlock-key'] ?? '', body: JSON.parse(m.content.toString()) as Record<string, unknown>, headers });
      }
    },
    async close() {
      await ch.deleteExchange(exchange).catch(() => undefined);
      await conn.close();
    },
  };
}
