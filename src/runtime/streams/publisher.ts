import { matchesAny } from '../delivery/subscription.js';
import type { SecretLookup } from '../delivery/secret-refs.js';
import type { RuntimeLog } from '../log.js';
import type { Store } from '../store/store.js';
import type { StreamView } from '../../core/streams-api.js';
import { advanceCursor, eventsAfter, listCursors, readCursor, recordFailure, recordRejection } from './cursor-queries.js';
import { streamJobs, type StreamJob } from './jobs.js';
import { integrationTenants } from '../store/tenants.js';
import { asPlatform, withTenant } from '../store/tenant-scope.js';
import { messageMapper } from './messages.js';
import { openSink } from './open-sink.js';
import type { SinkSpec, StreamMessage, StreamSink } from './sink.js';

export interface StreamPublisherOptions {
  store: Store;
  secrets: SecretLookup;
  clock?: () => Date;
  /** Events read (and published) per batch. */
  batchSize?: number;
  /** Pause between passes once every stream has caught up. */
  pollMs?: number;
  /** Events accepted within this long before now wait a pass: an earlier acceptance time may still be committing. */
  settleMs?: number;
  /** Pause after the n-th consecutive failure of a stream (the last repeats). */
  retryDelaysMs?: readonly number[];
  /** Injected by tests (a fake engine). */
  openSink?: (spec: SinkSpec, secrets: SecretLookup) => Promise<StreamSink>;
  log?: RuntimeLog;
}

export const DEFAULT_STREAM_RETRY_DELAYS_MS = [1_000, 5_000, 30_000, 120_000] as const;

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 500);
}

/**
 * A stream of one tenant's integration. Each is published inside its tenant's scope, so row-level security
 * gives it that tenant's events and cursor only: the publisher itself runs as the platform, whose reads
 * cross tenants, and two tenants may apply integrations of one name.
 */
type TenantJob = StreamJob & { tenant: string; key: string };
type ReadyJob = TenantJob & { dataContract: NonNullable<StreamJob['dataContract']> };

/**
 * Publishes the accepted events of every applied, enabled Integration with `spec.stream` to its engine, at
 * least once: a batch is read after the integration's durable cursor, published (each key in order), and the
 * cursor moves past it only once the engine acknowledged all of it. A failed batch is retried from the same
 * cursor after a growing pause, its error kept for `GET /v1/streams`.
 */
export class StreamPublisher {
  private readonly clock: () => Date;
  private readonly sinks = new Map<string, { hash: string; sink: StreamSink }>();
  private readonly pausedUntil = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;
  private again = false;
  private jobs: { revision: number; byKey: Map<string, TenantJob> } | null = null;

  constructor(private readonly opts: StreamPublisherOptions) {
    this.clock = opts.clock ?? (() => new Date());
  }

  start(): void {
    this.wake();
  }

  /** Runs a pass now (or right after the current one). */
  wake(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = asPlatform(() => this.pass())
      .catch((error: unknown) => this.opts.log?.({ level: 'error', msg: 'stream pass failed', error: errorText(error) }))
      .finally(() => {
        this.running = null;
        if (this.closed) return;
        if (this.again) {
          this.again = false;
          this.wake();
        } else this.timer = setTimeout(() => this.wake(), this.opts.pollMs ?? 1000);
      });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await Promise.all([...this.sinks.values()].map((s) => s.sink.close().catch(() => undefined)));
    this.sinks.clear();
  }

  async status(): Promise<StreamView[]> {
    const jobs = streamJobs(await this.opts.store.state());
    const cursors = new Map((await listCursors(this.opts.store.db)).map((c) => [c.integration, c]));
    return [...jobs.values()]
      .map((j) => {
        const c = cursors.get(j.integration);
        return {
          integration: j.integration,
          engine: j.engine,
          enabled: j.enabled,
          dataContract: j.spec.dataContract,
          dataContractVersion: j.dataContract?.version ?? null,
          cursor: c?.cursor ?? null,
          published: c?.published ?? 0,
          rejected: c?.rejected ?? 0,
          failures: c?.failures ?? 0,
          lastError: c?.lastError ?? (j.dataContract ? null : `DataContract ${j.spec.dataContract} is not applied`),
          lastErrorAt: c?.lastErrorAt ?? null,
          updatedAt: c?.updatedAt ?? null,
        };
      })
      .sort((a, b) => (a.integration < b.integration ? -1 : 1));
  }

  /** The applied streams, re-read only when the applied state changed. */
  private async currentJobs(): Promise<Map<string, TenantJob>> {
    const revision = await this.opts.store.revision();
    if (this.jobs?.revision !== revision) {
      const byKey = new Map<string, TenantJob>();
      for (const tenant of await integrationTenants(this.opts.store.db)) {
        const jobs = await withTenant(tenant, async () => streamJobs(await this.opts.store.state()));
        for (const job of jobs.values()) byKey.set(`${tenant}\u0000${job.integration}`, { ...job, tenant, key: `${tenant}\u0000${job.integration}` });
      }
      this.jobs = { revision, byKey };
    }
    return this.jobs.byKey;
  }

  /** One pass: every ready stream publishes until it has caught up or fails. */
  private async pass(): Promise<void> {
    const jobs = await this.currentJobs();
    for (const [key, entry] of this.sinks) {
      const job = jobs.get(key);
      if (!job || !job.enabled || job.hash !== entry.hash) {
        this.sinks.delete(key);
        await entry.sink.close().catch(() => undefined);
      }
    }
    for (const job of jobs.values()) {
      if (this.closed) return;
      if (!job.enabled || !job.dataContract) continue;
      if ((this.pausedUntil.get(job.key) ?? 0) > this.clock().getTime()) continue;
      try {
        await withTenant(job.tenant, () => this.drain(job as ReadyJob));
        this.pausedUntil.delete(job.key);
      } catch (error) {
        const text = errorText(error);
        const failures = await withTenant(job.tenant, () => recordFailure(this.opts.store.db, job.integration, job.engine, text, this.clock()));
        const delays = this.opts.retryDelaysMs ?? DEFAULT_STREAM_RETRY_DELAYS_MS;
        this.pausedUntil.set(job.key, this.clock().getTime() + (delays[Math.min(failures, delays.length) - 1] ?? 0));
        const entry = this.sinks.get(job.key);
        this.sinks.delete(job.key);
        await entry?.sink.close().catch(() => undefined);
        this.opts.log?.({ level: 'warn', msg: 'stream publish failed', integration: job.integration, engine: job.engine, failures, error: text });
      }
    }
  }

  private async sinkFor(job: ReadyJob): Promise<StreamSink> {
    const entry = this.sinks.get(job.key);
    if (entry) return entry.sink;
    const sink = await (this.opts.openSink ?? openSink)(job.spec.sink, this.opts.secrets);
    this.sinks.set(job.key, { hash: job.hash, sink });
    return sink;
  }

  private async drain(job: ReadyJob): Promise<void> {
    const { db } = this.opts.store;
    const batchSize = this.opts.batchSize ?? 500;
    const toMessage = messageMapper(job);
    let cursor = await readCursor(db, job.integration);
    for (;;) {
      if (this.closed) return;
      const until = new Date(this.clock().getTime() - (this.opts.settleMs ?? 2000));
      const page = await eventsAfter(db, cursor, until, batchSize);
      if (!page.length) return;
      const batch: StreamMessage[] = [];
      let rejected = 0;
      for (const event of page) {
        if (!matchesAny(job.spec.source.events, event.type)) continue;
        const m = toMessage(event);
        if (m.ok) batch.push(m.message);
        else {
          rejected++;
          await recordRejection(db, job.integration, job.engine, `event ${m.eventId}: required field ${m.field} is missing or of the wrong type`, this.clock());
        }
      }
      if (batch.length) {
        const sink = await this.sinkFor(job);
        const acked = await sink.publish(batch);
        if (acked.length !== batch.length) throw new Error(`${job.engine} acknowledged ${acked.length} of ${batch.length} messages`);
      }
      const last = page[page.length - 1];
      cursor = { acceptedAt: last.acceptedAt, id: last.id };
      await advanceCursor(db, job.integration, job.engine, cursor, batch.length, rejected, this.clock());
      if (page.length < batchSize) return;
    }
  }
}
