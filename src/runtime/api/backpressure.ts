import { RuntimeProblem } from '../problem.js';

/**
 * Backpressure on event intake: when the outbox holds more pending deliveries than `maxBacklog`, new
 * events are refused with 503 `backpressure` and `Retry-After` instead of growing the backlog without
 * bound. The count is one indexed query (the partial index on pending deliveries), re-read at most every
 * `refreshMs` and shared by every request meanwhile, so a burst of events costs no extra queries.
 */
export interface BackpressureOptions {
  /** Pending deliveries past which intake is refused. */
  maxBacklog: number;
  /** How long one count is trusted (default 1000 ms). */
  refreshMs?: number;
  /** What a refused caller is told to wait (default 5 s). */
  retryAfterSeconds?: number;
}

export const DEFAULT_MAX_OUTBOX_BACKLOG = 100_000;

export class Backpressure {
  private counted: { at: number; backlog: number } | undefined;
  private inflight: Promise<number> | undefined;

  constructor(
    private readonly opts: BackpressureOptions,
    private readonly countBacklog: () => Promise<number>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The backlog as last counted (refreshed when older than `refreshMs`). */
  async backlog(): Promise<number> {
    const t = this.now();
    if (this.counted && t - this.counted.at < (this.opts.refreshMs ?? 1000)) return this.counted.backlog;
    this.inflight ??= this.countBacklog()
      .then((backlog) => {
        this.counted = { at: t, backlog };
        return backlog;
      })
      .finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  /** Throws a 503 problem when the backlog is past its bound. */
  async admit(): Promise<void> {
    const backlog = await this.backlog();
    if (backlog > this.opts.maxBacklog) {
      const wait = this.opts.retryAfterSeconds ?? 5;
      throw new RuntimeProblem('backpressure', `${backlog} deliveries are waiting (bound ${this.opts.maxBacklog}); retry in ${wait} s`, { backlog, bound: this.opts.maxBacklog }, { 'retry-after': String(wait) });
    }
  }
}

/** Pending deliveries in the outbox (counted through the partial index `deliveries_due`). */
export const OUTBOX_BACKLOG_SQL = "SELECT count(*) AS n FROM deliveries WHERE status = 'pending'";
