import type { Schedule } from '../../core/schedule.js';

export type { JobDefinition, RunTrigger } from '../../core/jobs-api.js';
import type { JobDefinition, RunTrigger } from '../../core/jobs-api.js';

export interface JobRunContext {
  job: JobDefinition;
  runId: string;
  /** The tick this run is for (the time of the request for a manual run). */
  scheduledFor: Date;
  trigger: RunTrigger;
  /** Aborted when the runtime shuts down. */
  signal: AbortSignal;
}

/** What a run reports; `items` is shown in the run history (rows exported, events published, …). */
export interface JobResult {
  items?: number;
}

/** An applied Integration, as job kinds see it. */
export interface AppliedIntegration {
  name: string;
  spec: Record<string, unknown>;
}

/**
 * The seam through which features add scheduled work (exports, monitoring, syncs): a kind says which jobs
 * the applied state asks for and how to run one. Register it with `Scheduler.register` (or the runtime's
 * `scheduler.kinds` option); the scheduler handles timing, the once-per-tick claim across runtimes, the
 * lease, catch-up after downtime and the run history. A run that throws is recorded as failed with its
 * message; it is not retried before the next tick.
 */
export interface JobKind {
  kind: string;
  jobs(integrations: readonly AppliedIntegration[]): JobDefinition[];
  run(ctx: JobRunContext): Promise<JobResult | void>;
}
