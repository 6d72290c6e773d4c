import type { Route } from '../route.js';
import { integerQuery } from './params.js';

export const listAudit: Route = {
  method: 'GET',
  path: '/v1/audit',
  operationId: 'listAudit',
  auth: 'bearer',
  permission: { object: 'audit', action: 'read' },
  target: () => 'audit',
  async handle(ctx) {
    const after = integerQuery(ctx, 'after', 0, { min: 0, max: Number.MAX_SAFE_INTEGER });
    const limit = integerQuery(ctx, 'limit', 1000, { min: 1, max: 10000 });
    return { status: 200, body: await ctx.services.store.audit(after, limit) };
  },
};

export const auditRoutes: Route[] = [listAudit];
