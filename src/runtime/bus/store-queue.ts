import { asPlatform } from '../store/tenant-scope.js';
import type { Database } from '../store/database.js';
import { claimDue, selectDue } from '../delivery/queue-queries.js';
import type { DeliveryQueue, QueueConsumer } from './queue.js';

export interface StoreQueueOptions {
  lockMs: number;
  pollMs: number;
  clock: () => Date;
  onError(error: unknown): void;
}

/**
 * The default queue: due rows are claimed straight from the outbox table — on PostgreSQL with a lock row
 * by row (several runtimes may share the database), on the embedded store in memory (one process owns
 * its directory). Attempts settle nothing here:
 * recording an attempt already moves the row to its next state and clears its lock.
 */
export class StoreQueue implements DeliveryQueue {
  readonly kind = 'store' as const;
  private consumer: QueueConsumer | null = null;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly opts: StoreQueueOptions,
  ) {}

  async start(consumer: QueueConsumer): Promise<void> {
    this.consumer = consumer;
    this.notify();
  }

  notify(): void {
    if (this.closed || !this.consumer) return;
    if (this.running) {
      this.again = true;
      return;
    }
    // Platform work, whoever woke it: a request's tenant scope must not follow the pump (nor its timers).
    this.running = asPlatform(() => this.pump()).finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.notify();
      }
    });
  }

  wakeAt(at: Date): void {
    this.schedule(at.getTime());
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(at: number): void {
    if (this.closed || at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.notify();
    }, Math.max(0, at - Date.now()));
  }

  private async pump(): Promise<void> {
    const consumer = this.consumer!;
    try {
      for (;;) {
        if (this.closed) return;
        const { free, saturated, worthClaiming } = consumer.capacity();
        if (!worthClaiming) return; // a freed slot notifies
        const now = this.opts.clock();
        const limit = Math.min(free, 500);
        const jobs =
          this.db.engine === 'embedded'
            ? await selectDue(this.db, { now, limit, skipIntegrations: saturated, held: consumer.heldIds() })
            : await claimDue(this.db, { now, lockedUntil: new Date(now.getTime() + this.opts.lockMs), limit, skipIntegrations: saturated });
        for (const job of jobs) consumer.take({ job, settle: async () => undefined });
        if (jobs.length < limit) break;
      }
    } catch (error) {
      this.opts.onError(error);
    }
    // Other processes (and expired locks) only show up by polling.
    this.schedule(Date.now() + this.opts.pollMs);
  }
}
