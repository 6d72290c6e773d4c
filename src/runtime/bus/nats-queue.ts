import { asPlatform } from '../store/tenant-scope.js';
import { AckPolicy, jetstream, jetstreamManager, RetentionPolicy, type Consumer, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import { markPublished, unpublished } from '../delivery/queue-queries.js';
import type { DeliveryJob } from '../delivery/model.js';
import { payloadsOf, type Database } from '../store/database.js';
import type { DeliveryQueue, QueueConsumer } from './queue.js';

export interface NatsQueueOptions {
  /** `nats://host:port` */
  servers: string;
  stream: string;
  db: Database;
  /** Attempts per message (the retry schedule's length): JetStream stops redelivering after this many. */
  maxDeliver: number;
  ackWaitMs: number;
  pollMs: number;
  onError(error: unknown): void;
}

/** How long JetStream remembers a message id to drop a re-published duplicate. */
const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;

/**
 * The scale-out queue: outbox rows are relayed to a JetStream work-queue stream (each published with
 * `Nats-Msg-Id` = delivery id and generation, so a relay that crashes between publish and marking the row
 * publishes a duplicate JetStream drops), and any number of runtimes consume it. A finished attempt acks;
 * a retry naks with the schedule's delay; the last failure terminates the message.
 *
 * A message's delivery body is sealed with the store's payload cipher (the key-encryption key every
 * runtime on the database holds), as it is at rest: the broker, its files and anyone reading the stream
 * see ciphertext. Sealing the body in the message, rather than sending ids only, keeps a consumer from
 * reading each row back from the store before its attempt.
 */
export async function openNatsQueue(opts: NatsQueueOptions): Promise<NatsQueue> {
  const nc = await connect({ servers: opts.servers.replace(/^nats:\/\//, ''), name: 'interlock-runtime' });
  try {
    const jsm = await jetstreamManager(nc);
    const subjects = [`${opts.stream}.>`];
    try {
      await jsm.streams.info(opts.stream);
    } catch {
      await jsm.streams.add({ name: opts.stream, subjects, retention: RetentionPolicy.Workqueue, duplicate_window: nanos(DUPLICATE_WINDOW_MS) });
    }
    const durable = 'delivery-workers';
    const config = { durable_name: durable, ack_policy: AckPolicy.Explicit, max_deliver: opts.maxDeliver, ack_wait: nanos(opts.ackWaitMs), max_ack_pending: 10_000 };
    try {
      await jsm.consumers.info(opts.stream, durable);
      await jsm.consumers.update(opts.stream, durable, { max_deliver: opts.maxDeliver, ack_wait: nanos(opts.ackWaitMs), max_ack_pending: 10_000 });
    } catch {
      await jsm.consumers.add(opts.stream, config);
    }
    const js = jetstream(nc);
    return new NatsQueue(nc, js, await js.consumers.get(opts.stream, durable), opts);
  } catch (error) {
    await nc.close();
    throw error;
  }
}

export class NatsQueue implements DeliveryQueue {
  readonly kind = 'nats' as const;
  private closed = false;
  private relaying: Promise<void> | null = null;
  private relayAgain = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private consuming: Promise<void> | null = null;
  private consumer: QueueConsumer | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsConsumer: Consumer,
    private readonly opts: NatsQueueOptions,
  ) {}

  async start(consumer: QueueConsumer): Promise<void> {
    this.consumer = consumer;
    this.consuming = this.consumeLoop();
    this.notify();
  }

  /** Relays new outbox rows; also called for freed slots, which wake the consumer. */
  notify(): void {
    if (this.closed) return;
    this.wake?.();
    if (this.relaying) {
      this.relayAgain = true;
      return;
    }
    // Platform work, whoever woke it: a request's tenant scope must not follow the relay (nor its timers).
    this.relaying = asPlatform(() => this.relay()).finally(() => {
      this.relaying = null;
      if (this.relayAgain) {
        this.relayAgain = false;
        this.notify();
      } else this.schedulePoll();
    });
  }

  /** JetStream redelivers at the nak delay by itself. */
  wakeAt(): void {}

  async close(): Promise<void> {
    this.closed = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.wake?.();
    await this.relaying;
    await this.consuming;
    await this.nc.close();
  }

  /** Deletes the stream (tests use a stream of their own). */
  static async deleteStream(servers: string, stream: string): Promise<void> {
    const nc = await connect({ servers: servers.replace(/^nats:\/\//, '') });
    try {
      await (await jetstreamManager(nc)).streams.delete(stream);
    } finally {
      await nc.close();
    }
  }

  private schedulePoll(): void {
    if (this.closed || this.pollTimer) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      this.notify();
    }, this.opts.pollMs);
  }

  private async relay(): Promise<void> {
    try {
      for (;;) {
        if (this.closed) return;
        const jobs = await unpublished(this.opts.db, 500);
        if (!jobs.length) return;
        const payloads = payloadsOf(this.opts.db);
        await Promise.all(
          jobs.map((job) =>
            this.js.publish(`${this.opts.stream}.${job.integration}`, JSON.stringify({ ...job, body: payloads.seal(job.integration, job.body) }), { msgID: `${job.id}:${job.generation}` }),
          ),
        );
        await markPublished(this.opts.db, jobs);
        if (jobs.length < 500) return;
      }
    } catch (error) {
      this.opts.onError(error);
    }
  }

  private async consumeLoop(): Promise<void> {
    const consumer = this.consumer!;
    while (!this.closed) {
      const { free } = consumer.capacity();
      if (free <= 0) {
        await new Promise<void>((r) => {
          this.wake = r;
          setTimeout(r, this.opts.pollMs);
        });
        this.wake = null;
        continue;
      }
      try {
        const batch = await this.jsConsumer.fetch({ max_messages: Math.min(free, 256), expires: Math.max(1000, this.opts.pollMs) });
        for await (const msg of batch) {
          if (this.closed) {
            msg.nak();
            continue;
          }
          this.take(consumer, msg);
        }
      } catch (error) {
        if (this.closed) return;
        this.opts.onError(error);
        await new Promise((r) => setTimeout(r, this.opts.pollMs));
      }
    }
  }

  private take(consumer: QueueConsumer, msg: JsMsg): void {
    let job: DeliveryJob;
    try {
      job = JSON.parse(msg.string()) as DeliveryJob;
    } catch (error) {
      this.opts.onError(error);
      msg.term('not a delivery');
      return;
    }
    try {
      // A message published before bodies were sealed is read as it is (the cipher opens plaintext as such).
      job.body = payloadsOf(this.opts.db).open(job.body);
    } catch (error) {
      // Sealed under a key this runtime does not hold: another runtime on the database may, so not dropped.
      this.opts.onError(error);
      msg.nak(this.opts.ackWaitMs);
      return;
    }
    // JetStream counts deliveries of this message; a replay is a new message, so the count starts again.
    job.attempt = msg.info.deliveryCount;
    consumer.take({
      job,
      settle: async (record, delayMs) => {
        if (!record) msg.term('dropped');
        else if (record.outcome === 'delivered') msg.ack();
        else if (record.outcome === 'retry') msg.nak(delayMs ?? 0);
        else msg.term(record.outcome);
      },
    });
  }
}
