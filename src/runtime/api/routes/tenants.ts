import { RuntimeProblem } from '../../problem.js';
import { appendAudit } from '../../store/audit-log.js';
import { isTenantId } from '../../store/tenant-scope.js';
import { listTenants as readTenants, putTenant as writeTenant } from '../../store/tenants.js';
import type { Route } from '../route.js';

/** `GET /v1/tenants`: the tenants with settings (a region pin), platform operators only. */
export const listTenants: Route = {
  method: 'GET',
  path: '/v1/tenants',
  operationId: 'listTenants',
  auth: 'bearer',
  permission: { object: 'tenants', action: 'read' },
  target: () => 'tenants',
  async handle(ctx) {
    return { status: 200, body: { tenants: await readTenants(ctx.services.store.db) } };
  },
};

/**
 * `PUT /v1/tenants/{tenant}` `{region}`: pins a tenant to a region (null: unpinned). Its requests are then
 * answered only by a runtime of that region, and its exports go only there (residency.ts).
 */
export const putTenant: Route = {
  method: 'PUT',
  path: '/v1/tenants/{tenant}',
  operationId: 'putTenant',
  auth: 'bearer',
  permission: { object: 'tenants', action: 'write' },
  target: (ctx) => `tenants/${ctx.params.tenant}`,
  async handle(ctx) {
    const id = ctx.params.tenant;
    if (!isTenantId(id)) throw new RuntimeProblem('invalid-request', 'the tenant id is a lowercase slug of 1–63 characters', { errors: [{ pointer: '/tenant', message: 'invalid tenant id' }] });
    const { region } = ctx.body as { region: string | null };
    const { tenant, created } = await ctx.services.store.db.transaction(async (tx) => {
      const result = await writeTenant(tx, id, region, ctx.now);
      await appendAudit(tx, { ...ctx.audit({ status: result.created ? 201 : 200, region }), ...(ctx.tenant === null ? {} : { tenant: ctx.tenant }) }, ctx.now);
      return result;
    });
    ctx.services.residency?.forget(id);
    return { status: created ? 201 : 200, body: tenant, audited: true };
  },
};

export const tenantRoutes: Route[] = [listTenants, putTenant];
