import type { Route } from '../route.js';
import { integerQuery } from './params.js';

export const listAudit: Route = {
  method: 'GET',
  path: '/v1/audit',
  operationId: 'listAudit',
  auth: 'bearer',
  permission: { object: 'audit', action: 'read' },
  target: () => 'audit',
  // Reading the log is audited in the request path, and sees every read answered before it.
  readAudit: 'sync',
  async handle(ctx) {
    await ctx.services.flushReadAudit?.();
    const after = integerQuery(ctx, 'after', 0, { min: 0, max: Number.MAX_SAFE_INTEGER });
    const limit = integerQuery(ctx, 'limit', 1000, { min: 1, max: 10000 });
    return { status: 200, body: await ctx.services.store.audit(after, limit) };
  },
};

export const auditRoutes: Route[] = [listAudit];
