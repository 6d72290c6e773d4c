import { RESOURCE_JSON } from '../resource-json.js';
import type { Migration } from './migration.js';

/** Each resource's JSON document, rendered at write time (see resource-json.ts), and the index that finds a revision's rows. */
export const resourceDocumentsMigration: Migration = {
  id: 4,
  name: 'resource-documents',
  up: `
ALTER TABLE resources ADD COLUMN doc text;
UPDATE resources SET doc = ${RESOURCE_JSON};
CREATE INDEX resources_revision ON resources (revision);
`,
};
