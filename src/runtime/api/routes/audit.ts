import type { Route } from '../route.js';
import { tabularFormat, tabularResponse } from '../tabular.js';
import { integerQuery } from './params.js';

const AUDIT_COLUMNS = ['seq', 'at', 'actor', 'action', 'target', 'data', 'prevHash', 'hash'] as const;

/**
 * `GET /v1/audit`: a JSON page by default; `format=ndjson|csv` (or `Accept: application/x-ndjson` /
 * `text/csv`) streams the same entries as rows with the next cursor in `Interlock-Next-After` and `Link`.
 */
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
    const format = tabularFormat(ctx, null);
    const after = integerQuery(ctx, 'after', 0, { min: 0, max: Number.MAX_SAFE_INTEGER });
    const limit = integerQuery(ctx, 'limit', 1000, { min: 1, max: 10000 });
    const page = await ctx.services.store.audit(after, limit);
    if (!format) return { status: 200, body: page };
    return tabularResponse(format, AUDIT_COLUMNS, page.entries as unknown as Record<string, unknown>[], page.next, (next) => {
      const q = new URLSearchParams(ctx.query);
      q.set('after', String(next));
      return `/v1/audit?${q.toString()}`;
    });
  },
};

export const auditRoutes: Route[] = [listAudit];
