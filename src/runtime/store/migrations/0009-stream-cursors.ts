import type { Migration } from './migration.js';

/**
 * Stream sinks read accepted events by keyset (`(accepted_at, id)` after the integration's cursor), so the
 * cursor is all the durable state a publisher needs: it moves only after the sink acknowledged every message
 * before it, and a restarted runtime resumes there (at least once). Failures are counted and kept for status.
 */
export const streamCursorsMigration: Migration = {
  id: 9,
  name: 'stream-cursors',
  up: `
CREATE TABLE stream_cursors (
  integration text PRIMARY KEY,
  engine text NOT NULL,
  last_accepted_at timestamptz,
  last_event_id text,
  published bigint NOT NULL DEFAULT 0,
  rejected bigint NOT NULL DEFAULT 0,
  failures integer NOT NULL DEFAULT 0,
  last_error text,
  last_error_at timestamptz,
  updated_at timestamptz NOT NULL
);
`,
};
