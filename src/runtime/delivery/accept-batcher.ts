import type { AuditInput } from '../model.js';
import type { AcceptedEvent } from './model.js';
import type { AcceptOutcome } from './outbox-queries.js';

interface Waiting {
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
 */
export class AcceptBatcher {
  private waiting: Waiting[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly commit: (batch: { event: AcceptedEvent; audit?: AuditInput }[]) => Promise<AcceptOutcome[]>) {}

  add(event: AcceptedEvent, audit?: AuditInput): Promise<AcceptOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ event, ...(audit ? { audit } : {}), resolve, reject });
      this.running ??= this.loop();
    });
  }

  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private async loop(): Promise<void> {
    try {
      while (this.waiting.length) {
        const batch = this.waiting.splice(0, MAX_BATCH);
        try {
          const outcomes = await this.commit(batch);
          batch.forEach((w, i) => w.resolve(outcomes[i]));
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      this.running = null;
    }
  }
}
