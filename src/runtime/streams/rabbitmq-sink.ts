import amqp from 'amqplib';
import type { SinkSpec, StreamSink } from './sink.js';

export type RabbitSinkSpec = NonNullable<SinkSpec['rabbitmq']>;

/**
 * RabbitMQ: persistent messages with `messageId` = event id to a durable topic exchange on a confirm
 * channel. One channel keeps publish order, so each key's order holds; the batch is acknowledged when the
 * broker confirmed every message. RabbitMQ does not de-duplicate: a batch resent after a crash is delivered
 * again (consumers de-duplicate by `messageId`).
 */
export async function openRabbitSink(spec: RabbitSinkSpec, url: string): Promise<StreamSink> {
  const conn = await amqp.connect(url);
  conn.on('error', () => undefined); // failures surface as a rejected confirm
  try {
    const ch = await conn.createConfirmChannel();
    ch.on('error', () => undefined);
    await ch.assertExchange(spec.exchange, 'topic', { durable: true });
    return {
      engine: 'rabbitmq',
      async publish(batch) {
        for (const m of batch) {
          ch.publish(spec.exchange, spec.routingKey ?? m.type, Buffer.from(m.body), {
            persistent: true,
            messageId: m.id,
            contentType: 'application/json',
            headers: { ...m.headers, 'interlock-key': m.key },
          });
        }
        await ch.waitForConfirms();
        return batch.map((m) => m.id);
      },
      close: async () => {
        await conn.close().catch(() => undefined);
      },
    };
  } catch (error) {
    await conn.close().catch(() => undefined);
    throw error;
  }
}
