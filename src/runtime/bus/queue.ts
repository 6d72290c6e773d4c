import type { AttemptRecord, DeliveryJob } from '../delivery/model.js';

/**
 * Where deliveries wait for their next attempt. The store queue claims due rows from the outbox table;
 * the NATS queue relays outbox rows to a JetStream work-queue stream and consumes them from there. Both
 * hand jobs to the same consumer (the dispatcher) and learn each job's fate through `settle`.
 */
export interface JobHandle {
  job: DeliveryJob;
  /**
   * Called once the attempt is durably recorded (or the job is dropped, `record` null): the NATS queue
   * acks, naks with the retry delay, or terminates the message here.
   */
  settle(record: AttemptRecord | null, delayMs: number | null): Promise<void>;
}

export interface QueueConsumer {
  /**
   * How many more jobs may be taken now, the integrations that may not get any more, and whether taking
   * them is worth a claim now (a claim has a fixed cost: a handful of free slots wait for more).
   */
  capacity(): { free: number; saturated: string[]; worthClaiming: boolean };
  take(handle: JobHandle): void;
  /** Ids of the deliveries held now (the embedded store claims in memory and skips these). */
  heldIds(): string[];
}

export interface DeliveryQueue {
  readonly kind: 'store' | 'nats';
  start(consumer: QueueConsumer): Promise<void>;
  /** Something became due (an event was accepted, a slot freed, a replay): look now. */
  notify(): void;
  /** A retry falls due at this time: look then. */
  wakeAt(at: Date): void;
  close(): Promise<void>;
}
