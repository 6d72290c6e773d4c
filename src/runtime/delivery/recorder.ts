import type { Database } from '../store/database.js';
import type { AttemptRecord } from './model.js';
import { recordAttempts, type DisabledEndpoint } from './record-queries.js';

interface Pending {
  record: AttemptRecord;
  committed: () => void;
}

/**
 * Batches finished attempts into one transaction per flush: a busy endpoint's thousand completions a
 * second cost a few dozen commits, not a thousand. A record's `committed` callback runs only after its
 * batch committed, so a queue never acks an attempt the store does not know about. A failed flush is
 * retried with its records kept.
 */
export class AttemptRecorder {
  private buffer: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly db: Database,
    private readonly opts: { clock: () => Date; disableAfterMs: number; onDisabled(d: DisabledEndpoint[]): void; onError(e: unknown): void },
  ) {}

  add(record: AttemptRecord, committed: () => void): void {
    this.buffer.push({ record, committed });
    this.flushing ??= this.loop();
  }

  /** Each commit has a fixed cost; waiting a moment for more records to share it pays off at any load. */
  private static readonly LINGER_MS = 5;

  /** Resolves when everything added so far is committed. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
  }

  private async loop(): Promise<void> {
    try {
      while (this.buffer.length && !this.closed) {
        if (this.buffer.length < 500) await new Promise((r) => setTimeout(r, AttemptRecorder.LINGER_MS));
        const batch = this.buffer.splice(0, 1000);
        try {
          const disabled = await this.db.transaction((tx) => recordAttempts(tx, batch.map((b) => b.record), { now: this.opts.clock(), disableAfterMs: this.opts.disableAfterMs }));
          if (disabled.length) this.opts.onDisabled(disabled);
          for (const b of batch) b.committed();
        } catch (error) {
          this.opts.onError(error);
          this.buffer.unshift(...batch);
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    } finally {
      this.flushing = null;
    }
  }
}
