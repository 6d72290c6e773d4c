import type { Migration } from './migration.js';

/**
 * A token belongs to one tenant, or — NULL, every token made before tenants existed — is a platform
 * operator token that is bound to none.
 */
export const tokenTenantsMigration: Migration = {
  id: 16,
  name: 'token-tenants',
  up: `
ALTER TABLE access_tokens ADD COLUMN tenant text;
`,
};
