import type { Migration } from './migration.js';

/**
 * Scheduled job runs. One row per job and tick: the primary key is the claim, so with several runtimes on
 * one database exactly one inserts the row and runs the tick. `lease_until` is renewed while the run is in
 * progress; a run whose lease lapsed without an outcome (its runtime died) is reported as `abandoned`.
 */
export const schedulerMigration: Migration = {
  id: 6,
  name: 'scheduler',
  up: `
CREATE TABLE job_runs (
  id text NOT NULL UNIQUE,
  job text NOT NULL,
  scheduled_for timestamptz NOT NULL,
  trigger text NOT NULL,
  owner text NOT NULL,
  started_at timestamptz NOT NULL,
  lease_until timestamptz NOT NULL,
  finished_at timestamptz,
  outcome text NOT NULL,
  items integer,
  error text,
  PRIMARY KEY (job, scheduled_for)
);
CREATE INDEX job_runs_recent ON job_runs (job, started_at DESC);
`,
};
