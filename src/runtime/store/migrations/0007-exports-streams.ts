import type { Migration } from './migration.js';

/**
 * Exports and stream sinks. An export run is one attempt at one window of one integration; its parts are
 * the files it finished (with the event cursor where each ended), so a failed run's successor resumes after
 * the last finished part. At most one run per window is `running` (the partial unique index).
 * The stream outbox gets one row per (integration, event) in the transaction that accepts the event; the
 * publisher marks rows published after the sink acknowledged them (at least once).
 */
export const exportsStreamsMigration: Migration = {
  id: 7,
  name: 'exports-streams',
  up: `
CREATE INDEX events_accepted ON events (accepted_at, id);

CREATE TABLE export_runs (
  id text PRIMARY KEY,
  integration text NOT NULL,
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL,
  attempt integer NOT NULL,
  trigger text NOT NULL,
  status text NOT NULL,
  spec_hash text NOT NULL,
  rows bigint NOT NULL DEFAULT 0,
  rejected bigint NOT NULL DEFAULT 0,
  error text,
  started_at timestamptz NOT NULL,
  heartbeat_at timestamptz NOT NULL,
  finished_at timestamptz
);
CREATE UNIQUE INDEX export_runs_one_running ON export_runs (integration, window_start) WHERE status = 'running';
CREATE INDEX export_runs_by_integration ON export_runs (integration, started_at);

CREATE TABLE export_parts (
  run_id text NOT NULL REFERENCES export_runs (id),
  part integer NOT NULL,
  key text NOT NULL,
  rows bigint NOT NULL,
  bytes bigint NOT NULL,
  sha256 text NOT NULL,
  last_accepted_at timestamptz NOT NULL,
  last_event_id text NOT NULL,
  PRIMARY KEY (run_id, part)
);

CREATE TABLE stream_outbox (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  integration text NOT NULL,
  event_id text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  published_at timestamptz,
  UNIQUE (integration, event_id)
);
CREATE INDEX stream_outbox_pending ON stream_outbox (integration, seq) WHERE published_at IS NULL;
`,
};
