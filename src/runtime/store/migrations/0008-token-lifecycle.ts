import type { Migration } from './migration.js';

/**
 * Token lifecycle: an optional expiry, revocation, the token that replaced one by rotation, and when it
 * was last used (written at most once a minute per token, never on every request).
 */
export const tokenLifecycleMigration: Migration = {
  id: 8,
  name: 'token-lifecycle',
  up: `
ALTER TABLE access_tokens
  ADD COLUMN expires_at timestamptz,
  ADD COLUMN revoked_at timestamptz,
  ADD COLUMN replaced_by text,
  ADD COLUMN last_used_at timestamptz;
`,
};
