import type { Route } from '../route.js';
import { actionRoutes } from './actions.js';
import { applyRoutes } from './apply.js';
import { auditRoutes } from './audit.js';
import { deliveryRoutes } from './deliveries.js';
import { docsRoutes } from './docs.js';
import { erasureRoutes } from './erasure.js';
import { eventRoutes } from './events.js';
import { evidenceRoutes } from './evidence.js';
import { exportRoutes } from './exports.js';
import { healthRoutes } from './health.js';
import { hookRoutes } from './hooks.js';
import { integrationHealthRoutes } from './integration-health.js';
import { jobRoutes } from './jobs.js';
import { leaseRoutes } from './lease.js';
import { monitorRoutes } from './monitor.js';
import { consoleRoutes } from './console.js';
import { resourceRoutes } from './resources.js';
import { stateRoutes } from './state.js';
import { streamRoutes } from './streams.js';
import { tokenRoutes } from './tokens.js';
import { approvalRoutes } from './approvals.js';
import { tenantRoutes } from './tenants.js';

/** Every admin API route, listed explicitly; a feature adds its module here (events, hooks, deliveries). */
export const ROUTES: readonly Route[] = [...stateRoutes, ...resourceRoutes, ...applyRoutes, ...leaseRoutes, ...auditRoutes, ...healthRoutes, ...docsRoutes, ...eventRoutes, ...deliveryRoutes, ...actionRoutes, ...hookRoutes, ...integrationHealthRoutes, ...jobRoutes, ...exportRoutes, ...streamRoutes, ...tokenRoutes, ...evidenceRoutes, ...approvalRoutes, ...erasureRoutes, ...monitorRoutes, ...consoleRoutes, ...tenantRoutes];
