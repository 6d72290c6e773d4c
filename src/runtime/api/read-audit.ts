import type { TenantAuditInput as AuditInput } from '../store/store.js';

/** How often batched read entries are written, and how many make a batch write at once. */
export const READ_AUDIT_INTERVAL_MS = 1000;
export const READ_AUDIT_BATCH = 500;
/** Entries kept while the log cannot be written; older ones are dropped (and counted) past this. */
const MAX_PENDING = 50_000;

export interface ReadAuditOptions {
  append(entries: readonly AuditInput[], now: Date): Promise<unknown>;
  clock(): Date;
  intervalMs?: number;
  batch?: number;
  onError?(error: unknown): void;
}

/**
 * Successful authenticated reads are audited off the request path: each read's entry (with the time it
 * was answered) is queued and written in one transaction per second, or as soon as 500 are waiting. A
 * read then never waits on the audit log's head lock, which mutations and event acceptance hold, so
 * reads stay fast under write load or a flood. The price: a crash loses at most the last second of read
 * entries, and a read is answered before its entry is durable. Mutations, refusals and reads of the
 * audit log itself are still audited in the request path and fail closed.
 */
export class ReadAuditBatcher {
  private pending: AuditInput[] = [];
  private writing: Promise<void> | undefined;
  private dropped = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly opts: ReadAuditOptions) {
    this.timer = setInterval(() => void this.flush(), opts.intervalMs ?? READ_AUDIT_INTERVAL_MS);
    this.timer.unref();
  }

  add(entry: AuditInput): void {
    this.pending.push({ ...entry, data: { ...entry.data, answeredAt: this.opts.clock().toISOString() } });
    if (this.pending.length > MAX_PENDING) {
      this.pending.shift();
      this.dropped++;
    }
    if (this.pending.length >= (this.opts.batch ?? READ_AUDIT_BATCH)) void this.flush();
  }

  /** Writes what is queued (one write at a time); resolves when it is written or has failed and been kept. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (!this.pending.length && !this.dropped) return;
    const entries = this.pending;
    this.pending = [];
    const dropped = this.dropped;
    this.dropped = 0;
    const lost: AuditInput[] = dropped ? [{ actor: 'runtime', action: 'readAuditDropped', target: null, data: { count: dropped } }] : [];
    this.writing = this.opts
      .append([...lost, ...entries], this.opts.clock())
      .then(
        () => undefined,
        (error: unknown) => {
          // Kept for the next attempt (an emptied log, a lost database); the error is reported once per attempt.
          this.pending = [...entries, ...this.pending];
          this.dropped += dropped;
          this.opts.onError?.(error);
        },
      )
      .finally(() => {
        this.writing = undefined;
      });
    await this.writing;
  }

  /** Stops the timer and writes what is queued. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
