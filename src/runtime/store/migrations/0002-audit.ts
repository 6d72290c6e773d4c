import type { Migration } from './migration.js';

/**
 * The hash-chained audit log. `at` and `data` are stored as the exact text that was hashed; `audit_head`
 * holds the last seq and hash so appends serialise on one row and a truncated tail is detectable.
 */
export const auditMigration: Migration = {
  id: 2,
  name: 'audit',
  up: `
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  at text NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  target text,
  data text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL
);

CREATE TABLE audit_head (
  id integer PRIMARY KEY CHECK (id = 1),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '${'0'.repeat(64)}');
`,
};
