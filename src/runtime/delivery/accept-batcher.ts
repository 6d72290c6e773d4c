import type { AuditInput } from '../model.js';
import type { AcceptedEvent } from './model.js';
import type { AcceptOutcome } from './outbox-queries.js';
import { asPlatform, currentTenant, withTenant } from '../store/tenant-scope.js';

interface Waiting {
  /** The tenant scope the event was sent in (null: platform work). */
  tenant: string | null;
  event: AcceptedEvent;
  audit?: AuditInput;
  resolve(outcome: AcceptOutcome): void;
  reject(error: unknown): void;
}

const MAX_BATCH = 1000;

/**
 * Group commit for event acceptance: the first event starts a transaction at once; events arriving while
 * it runs are taken together by the next one. Under load a transaction carries many events (throughput);
 * when idle each event commits alone (latency). A failed transaction fails every event it carried.
 * A transaction carries one tenant's events and runs in that tenant's scope: the loop is started by
 * whichever request came first, and must not commit another tenant's events under its row-level security
 * (they would be stored as the first tenant's, routed by its integrations).
 */
export class AcceptBatcher {
  private waiting: Waiting[] = [];
  private running: Promise<void> | null = null;
  private lastCommitEnd = -Infinity;

  /**
   * `lingerMs`: under load (events arrived while a transaction ran), wait this long before taking the next
   * batch, so one transaction carries more events. The embedded engine pays a fixed cost per transaction
   * (catalog check, audit head lock and update, commit) on its single backend; an idle event never waits.
   */
  constructor(
    private readonly commit: (batch: { event: AcceptedEvent; audit?: AuditInput }[]) => Promise<AcceptOutcome[]>,
    private readonly lingerMs = 0,
  ) {}

  add(event: AcceptedEvent, audit?: AuditInput): Promise<AcceptOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ tenant: currentTenant(), event, ...(audit ? { audit } : {}), resolve, reject });
      this.running ??= asPlatform(() => this.loop());
    });
  }

  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    try {
      while (this.waiting.length) {
        // Busy means a transaction ended moments ago; an event after a quiet spell commits at once.
        if (this.lingerMs > 0 && performance.now() - this.lastCommitEnd < 10 * this.lingerMs) await new Promise((r) => setTimeout(r, this.lingerMs));
        const tenant = this.waiting[0].tenant;
        const batch: Waiting[] = [];
        const rest: Waiting[] = [];
        for (const w of this.waiting) (w.tenant === tenant && batch.length < MAX_BATCH ? batch : rest).push(w);
        this.waiting = rest;
        try {
          const commit = () => this.commit(batch.map((w) => ({ event: w.event, ...(w.audit ? { audit: w.audit } : {}) })));
          const outcomes = await (tenant === null ? asPlatform(commit) : withTenant(tenant, commit));
          batch.forEach((w, i) => w.resolve(outcomes[i]));
        } catch (error) {
          for (const w of batch) w.reject(error);
        } finally {
          this.lastCommitEnd = performance.now();
        }
      }
    } finally {
      this.running = null;
    }
  }
}
