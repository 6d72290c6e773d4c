import type { Migration } from './migration.js';

/**
 * Monitoring: each connector's trust score over time, with the inputs it was computed from and the
 * reasons for its penalties (so a drop can be explained later), and alerts with their dedupe key,
 * lifecycle (open → resolved) and where they were routed.
 */
export const monitorMigration: Migration = {
  id: 12,
  name: 'monitor',
  up: `
CREATE TABLE trust_scores (
  integration text NOT NULL,
  at timestamptz NOT NULL,
  score integer NOT NULL,
  inputs text NOT NULL,
  reasons text NOT NULL,
  PRIMARY KEY (integration, at)
);

CREATE TABLE alerts (
  id text PRIMARY KEY,
  dedupe_key text NOT NULL,
  rule text NOT NULL,
  severity text NOT NULL,
  integration text,
  status text NOT NULL,
  summary text NOT NULL,
  data text NOT NULL,
  opened_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  resolved_at timestamptz,
  routes text NOT NULL
);
CREATE UNIQUE INDEX alerts_one_open ON alerts (dedupe_key) WHERE status = 'open';
CREATE INDEX alerts_by_opened ON alerts (opened_at);
`,
};
