import type { Migration } from './migration.js';

/**
 * Vendor spec drift: per Contract naming a published description (`spec.upstream.source`), the hash last
 * fetched, the contract content it was compared with, the changes that reach operations the workspace uses,
 * and the pull request proposed for that hash (so a second check of the same description opens no second one).
 */
export const vendorSpecsMigration: Migration = {
  id: 15,
  name: 'vendor-specs',
  up: `
CREATE TABLE vendor_specs (
  contract text PRIMARY KEY,
  url text NOT NULL,
  hash text,
  contract_hash text,
  checked_at timestamptz NOT NULL,
  changed_at timestamptz,
  error text,
  findings text NOT NULL,
  pull_request text
);
`,
};
