import { stateMigration } from './0001-state.js';
import { auditMigration } from './0002-audit.js';
import { accessMigration } from './0003-access.js';
import { resourceDocumentsMigration } from './0004-resource-documents.js';
import { deliveryMigration } from './0005-delivery.js';
import { schedulerMigration } from './0006-scheduler.js';
import { exportsStreamsMigration } from './0007-exports-streams.js';
import { tokenLifecycleMigration } from './0008-token-lifecycle.js';
import { streamCursorsMigration } from './0009-stream-cursors.js';
import { actionsMigration } from './0010-actions.js';
import { erasureMigration } from './0011-erasure.js';
import { monitorMigration } from './0012-monitor.js';
import { partnerEvidenceMigration } from './0013-partner-evidence.js';
import { approvalsMigration } from './0014-approvals.js';
import { vendorSpecsMigration } from './0015-vendor-specs.js';
import { tokenTenantsMigration } from './0016-token-tenants.js';
import { tenantsMigration } from './0017-tenants.js';
import { staticTenantTriggersMigration } from './0018-static-tenant-triggers.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/** Every migration, in order. Append new ones (event outbox, deliveries, …) at the end with the next id. */
export const MIGRATIONS: readonly Migration[] = [stateMigration, auditMigration, accessMigration, resourceDocumentsMigration, deliveryMigration, schedulerMigration, exportsStreamsMigration, tokenLifecycleMigration, streamCursorsMigration, actionsMigration, erasureMigration, monitorMigration, partnerEvidenceMigration, approvalsMigration, vendorSpecsMigration, tokenTenantsMigration, tenantsMigration, staticTenantTriggersMigration];
