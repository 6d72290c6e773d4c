import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import { nextTick } from '../../core/schedule.js';
import type { RuntimeLog } from '../log.js';
import type { Database } from '../store/database.js';
import type { AppliedIntegration, JobDefinition, JobKind, RunTrigger } from './job-kind.js';
import { claimRun, finishRun, lastRuns, lastTicks, renewLease, runHistory, getRun, type JobRun } from './run-queries.js';

export interface SchedulerOptions {
  db: Database;
  /** The applied integrations and the state revision they belong to (re-read when the revision moves). */
  integrations(): Promise<{ revision: number; integrations: AppliedIntegration[] }>;
  /** Cheap: the current state revision. */
  revision(): Promise<number>;
  kinds?: readonly JobKind[];
  clock?: () => Date;
  log?: RuntimeLog;
  /** How long a claimed run stays leased without renewal (default 60 s); renewed every third of it. */
  leaseMs?: number;
  /** Longest sleep between looks at the state revision (default 5 s). */
  maxSleepMs?: number;
  /** This instance's name in the run history (default a random id). */
  owner?: string;
  onError?(error: unknown): void;
}

export type { JobView } from '../../core/jobs-api.js';
import type { JobView } from '../../core/jobs-api.js';

export class UnknownJobError extends Error {}

/**
 * Runs scheduled jobs. Each tick of each job is claimed by inserting its row in `job_runs` (job and tick
 * are the key), so with several runtimes on one database exactly one of them runs it; the claim carries a
 * lease renewed while the run lasts. After downtime, a job with `catchUp: latest` runs once for the newest
 * tick it missed; `none` waits for the next tick.
 */
export class Scheduler {
  private readonly kinds = new Map<string, JobKind>();
  private jobs = new Map<string, { def: JobDefinition; next: Date | null }>();
  private revision = -1;
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private closed = false;
  private waking: Promise<void> | null = null;
  readonly owner: string;
  private readonly clock: () => Date;
  private readonly leaseMs: number;

  constructor(private readonly opts: SchedulerOptions) {
    for (const k of opts.kinds ?? []) this.register(k);
    this.owner = opts.owner ?? `runtime-${randomUUID().slice(0, 8)}`;
    this.clock = opts.clock ?? (() => new Date());
    this.leaseMs = opts.leaseMs ?? 60_000;
  }

  /** Adds a job kind; its jobs are picked up at the next look at the state. */
  register(kind: JobKind): void {
    if (this.kinds.has(kind.kind)) throw new Error(`job kind ${kind.kind} is already registered`);
    this.kinds.set(kind.kind, kind);
    this.revision = -1;
  }

  async start(): Promise<void> {
    await this.reload();
    await this.catchUp();
    this.arm();
  }

  /** Every job the applied state asks for, with its next tick and last run. */
  async list(): Promise<JobView[]> {
    await this.reload();
    const last = await lastRuns(this.opts.db, this.clock());
    return [...this.jobs.values()]
      .map(({ def, next }) => ({ ...def, nextRunAt: next?.toISOString() ?? null, lastRun: last.get(def.id) ?? null }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  async history(jobId: string, limit: number): Promise<JobRun[]> {
    await this.reload();
    if (!this.jobs.has(jobId)) throw new UnknownJobError(jobId);
    return runHistory(this.opts.db, jobId, limit, this.clock());
  }

  /** Runs a job now, outside its schedule; resolves with the finished run. */
  async runNow(jobId: string): Promise<JobRun> {
    await this.reload();
    const job = this.jobs.get(jobId);
    if (!job) throw new UnknownJobError(jobId);
    const id = await this.claimAndRun(job.def, this.clock(), 'manual');
    const run = id ? await getRun(this.opts.db, id, this.clock()) : null;
    if (!run) throw new Error(`job ${jobId} was claimed by another runtime for this instant; try again`);
    return run;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.abort.abort();
    await this.waking;
    await Promise.all(this.running);
  }

  /** Resolves when no run started by this instance is in progress (tests). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all(this.running);
  }

  private async reload(): Promise<void> {
    const revision = await this.opts.revision();
    if (revision === this.revision) return;
    const { revision: loaded, integrations } = await this.opts.integrations();
    const now = this.clock();
    const jobs = new Map<string, { def: JobDefinition; next: Date | null }>();
    for (const kind of this.kinds.values()) {
      for (const def of kind.jobs(integrations)) {
        const known = this.jobs.get(def.id);
        const same = known && known.def.schedule.cron === def.schedule.cron && known.def.schedule.timezone === def.schedule.timezone;
        jobs.set(def.id, { def, next: same ? known.next : nextTick(def.schedule, now) });
      }
    }
    this.jobs = jobs;
    this.revision = loaded;
  }

  private async catchUp(): Promise<void> {
    const last = await lastTicks(this.opts.db);
    const now = this.clock();
    for (const { def } of this.jobs.values()) {
      if (def.schedule.catchUp !== 'latest') continue;
      const previous = last.get(def.id);
      if (!previous) continue; // never ran: nothing was missed
      const [latest] = new Cron(def.schedule.cron, { paused: true, timezone: def.schedule.timezone }).previousRuns(1, now);
      if (latest && latest.getTime() > previous.getTime()) this.track(this.claimAndRun(def, latest, 'catch-up'));
    }
  }

  private arm(): void {
    if (this.closed) return;
    const now = this.clock().getTime();
    let soonest = now + (this.opts.maxSleepMs ?? 5000);
    for (const { next } of this.jobs.values()) if (next && next.getTime() < soonest) soonest = next.getTime();
    this.timer = setTimeout(() => {
      this.waking = this.wake()
        .catch((error: unknown) => this.opts.onError?.(error))
        .finally(() => {
          this.waking = null;
          this.arm();
        });
    }, Math.max(0, soonest - now));
    this.timer.unref();
  }

  private async wake(): Promise<void> {
    if (this.closed) return;
    await this.reload();
    const now = this.clock();
    for (const job of this.jobs.values()) {
      if (!job.next || job.next.getTime() > now.getTime()) continue;
      // The newest due tick: ticks missed while this process was busy collapse into one.
      let tick = job.next;
      for (let n = nextTick(job.def.schedule, tick); n && n.getTime() <= now.getTime(); n = nextTick(job.def.schedule, n)) tick = n;
      job.next = nextTick(job.def.schedule, now);
      this.track(this.claimAndRun(job.def, tick, 'schedule'));
    }
  }

  private track(p: Promise<unknown>): void {
    const done: Promise<void> = p.then(
      () => undefined,
      (error: unknown) => this.opts.onError?.(error),
    );
    this.running.add(done);
    void done.finally(() => this.running.delete(done));
  }

  /** Claims the tick and, when this instance won it, runs it to the end. Returns the run id, or null. */
  private async claimAndRun(def: JobDefinition, scheduledFor: Date, trigger: RunTrigger): Promise<string | null> {
    const kind = this.kinds.get(def.kind);
    if (!kind) return null;
    const id = `run_${randomUUID()}`;
    const now = this.clock();
    const won = await claimRun(this.opts.db, { id, job: def.id, scheduledFor, trigger, owner: this.owner, now, leaseUntil: new Date(now.getTime() + this.leaseMs) });
    if (!won) return null;
    const renew = setInterval(() => {
      renewLease(this.opts.db, id, this.owner, new Date(this.clock().getTime() + this.leaseMs)).catch((e: unknown) => this.opts.onError?.(e));
    }, this.leaseMs / 3);
    renew.unref();
    let outcome: 'succeeded' | 'failed' = 'succeeded';
    let items: number | null = null;
    let error: string | null = null;
    try {
      const result = await kind.run({ job: def, runId: id, scheduledFor, trigger, signal: this.abort.signal });
      items = result?.items ?? null;
    } catch (e) {
      outcome = 'failed';
      error = e instanceof Error ? e.message : String(e);
      this.opts.log?.({ level: 'error', msg: `job ${def.id} failed: ${error}`, job: def.id, runId: id, scheduledFor: scheduledFor.toISOString() });
    } finally {
      clearInterval(renew);
    }
    await finishRun(this.opts.db, id, this.owner, { outcome, items, error, at: this.clock() });
    return id;
  }
}
