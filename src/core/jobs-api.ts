/**
 * The wire vocabulary of the runtime's scheduled jobs (`/v1/jobs…`), shared by the scheduler that serves
 * them and the client that calls them.
 */
import type { Schedule } from './schedule.js';

/** One scheduled job: a kind of work for one subject (usually an integration) on a schedule. */
export interface JobDefinition {
  /** `<kind>:<subject>`, e.g. `scheduled:salesforce-crm-sync`, `export:snowflake-nightly-shipments`. */
  id: string;
  kind: string;
  integration: string | null;
  schedule: Schedule;
}

export type RunTrigger = 'schedule' | 'catch-up' | 'manual';

export type RunOutcome = 'running' | 'succeeded' | 'failed' | 'abandoned';

export interface JobRun {
  id: string;
  job: string;
  scheduledFor: string;
  trigger: RunTrigger;
  /** The runtime instance that ran it. */
  owner: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: RunOutcome;
  items: number | null;
  error: string | null;
}

/** `GET /v1/jobs`: a job with its next tick and last run. */
export interface JobView extends JobDefinition {
  nextRunAt: string | null;
  lastRun: JobRun | null;
}
