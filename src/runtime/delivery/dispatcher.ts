import type { JobHandle, QueueConsumer } from '../bus/queue.js';
import type { ConnectorHealth } from '../connectors/health.js';
import { attemptDelivery, type AttemptReport, type WebhookSender } from './attempt.js';
import type { AttemptRecord, DeliveryConfig, DeliveryJob } from './model.js';
import { endpointKey } from './outbox-queries.js';
import { judgeAttempt } from './outcome.js';
import type { AttemptRecorder } from './recorder.js';
import type { Resolver } from './ssrf-guard.js';

interface Endpoint {
  inFlight: number;
  limit: number;
  waiting: JobHandle[];
}

/**
 * Runs attempts with two limits: `maxInFlight` for the process and `target.concurrency` per endpoint
 * (integration and variant). Jobs beyond an endpoint's limit wait here in arrival order.
 */
export class Dispatcher implements QueueConsumer {
  private readonly endpoints = new Map<string, Endpoint>();
  private inFlight = 0;
  private held = 0;
  /** Ids held here: a claim whose lock expired while the job waited must not run it a second time. */
  private readonly heldIds_ = new Set<string>();
  private idle: (() => void)[] = [];

  constructor(
    private readonly config: DeliveryConfig,
    private readonly recorder: AttemptRecorder,
    private readonly hooks: {
      isDisabled(integration: string, variant: string): boolean;
      slotFreed(): void;
      retryAt(at: Date): void;
      resolve?: Resolver;
      health?: ConnectorHealth;
      send?: WebhookSender;
      onAttempt?(job: DeliveryJob, report: AttemptReport): void;
    },
  ) {}

  capacity(): { free: number; saturated: string[]; worthClaiming: boolean } {
    const saturated = new Set<string>();
    for (const e of this.endpoints.values()) {
      if (e.inFlight >= e.limit && e.waiting.length && e.waiting[0]) saturated.add(e.waiting[0].job.integration);
    }
    const free = Math.max(0, this.config.maxInFlight - this.held);
    return { free, saturated: [...saturated], worthClaiming: free > 0 && (this.held === 0 || free >= this.config.maxInFlight / 4) };
  }

  take(handle: JobHandle): void {
    const { job } = handle;
    const id = `${job.id}:${job.generation}`;
    if (this.heldIds_.has(id)) return;
    this.heldIds_.add(id);
    this.held++;
    if (this.hooks.isDisabled(job.integration, job.variant)) {
      void this.finish(handle, null, null);
      return;
    }
    const key = endpointKey(job.integration, job.variant);
    let e = this.endpoints.get(key);
    if (!e) this.endpoints.set(key, (e = { inFlight: 0, limit: job.target.concurrency, waiting: [] }));
    e.limit = job.target.concurrency;
    if (e.inFlight < e.limit) this.run(e, handle);
    else e.waiting.push(handle);
  }

  heldIds(): string[] {
    return [...this.heldIds_].map((k) => k.slice(0, k.lastIndexOf(':')));
  }

  /** Resolves when no job is held (tests, shutdown). */
  whenIdle(): Promise<void> {
    return this.held === 0 ? Promise.resolve() : new Promise((r) => this.idle.push(r));
  }

  get heldJobs(): number {
    return this.held;
  }

  private run(e: Endpoint, handle: JobHandle): void {
    e.inFlight++;
    this.inFlight++;
    // The endpoint's slot is free as soon as its response is in; recording happens in the background.
    void this.attempt(handle, () => {
      e.inFlight--;
      this.inFlight--;
      const next = e.waiting.shift();
      if (next) this.run(e, next);
    });
  }

  private async attempt(handle: JobHandle, sent: () => void): Promise<void> {
    const { job } = handle;
    let report: AttemptReport;
    try {
      report = await attemptDelivery(job, this.config, this.hooks.resolve, this.hooks.health, this.hooks.send);
    } finally {
      sent();
    }
    this.hooks.onAttempt?.(job, report);
    const now = new Date();
    const verdict = judgeAttempt(report, job.attempt, this.config.retry, now, this.config.random);
    const record: AttemptRecord = {
      deliveryId: job.id,
      generation: job.generation,
      attempt: job.attempt,
      integration: job.integration,
      variant: job.variant,
      at: report.startedAt.toISOString(),
      status: report.status,
      error: report.error ?? null,
      latencyMs: report.latencyMs,
      outcome: verdict.outcome,
      nextAttemptAt: verdict.delayMs === null ? null : new Date(now.getTime() + verdict.delayMs).toISOString(),
    };
    await new Promise<void>((committed) => this.recorder.add(record, committed));
    if (record.nextAttemptAt) this.hooks.retryAt(new Date(record.nextAttemptAt));
    await this.finish(handle, record, verdict.delayMs);
  }

  private async finish(handle: JobHandle, record: AttemptRecord | null, delayMs: number | null): Promise<void> {
    try {
      await handle.settle(record, delayMs);
    } finally {
      this.heldIds_.delete(`${handle.job.id}:${handle.job.generation}`);
      this.held--;
      this.hooks.slotFreed();
      if (this.held === 0) for (const r of this.idle.splice(0)) r();
    }
  }
}
