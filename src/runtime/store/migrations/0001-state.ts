import type { Migration } from './migration.js';

/**
 * The applied state: one row of state metadata (its revision moves on every change), the resources, their
 * history, and the apply lease. Specs and labels are kept as JSON text, byte for byte as written, so reads
 * need no re-encoding and key order survives.
 */
export const stateMigration: Migration = {
  id: 1,
  name: 'state',
  up: `
CREATE TABLE runtime_state (
  id integer PRIMARY KEY CHECK (id = 1),
  revision bigint NOT NULL,
  commit text,
  author text,
  applied_at timestamptz
);
INSERT INTO runtime_state (id, revision) VALUES (1, 0);

CREATE TABLE resources (
  kind text NOT NULL,
  name text NOT NULL,
  spec text NOT NULL,
  labels text NOT NULL,
  hash text NOT NULL,
  protect boolean NOT NULL,
  revision bigint NOT NULL,
  updated_at timestamptz NOT NULL,
  commit text,
  PRIMARY KEY (kind, name)
);

CREATE TABLE resource_history (
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  name text NOT NULL,
  revision bigint NOT NULL,
  action text NOT NULL,
  commit text,
  actor text NOT NULL,
  at timestamptz NOT NULL,
  hash text
);
CREATE INDEX resource_history_target ON resource_history (kind, name, id);

CREATE TABLE runtime_lease (
  id integer PRIMARY KEY CHECK (id = 1),
  holder text,
  token bigint NOT NULL,
  expires_at timestamptz
);
INSERT INTO runtime_lease (id, token) VALUES (1, 0);
`,
};
