import type { Migration } from './migration.js';

/** Bearer tokens: only their sha256 is stored, with the role they are scoped to. */
export const accessMigration: Migration = {
  id: 3,
  name: 'access',
  up: `
CREATE TABLE access_tokens (
  id text PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  role text NOT NULL,
  label text,
  created_at timestamptz NOT NULL
);
`,
};
