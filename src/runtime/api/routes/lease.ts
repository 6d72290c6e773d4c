import type { Route } from '../route.js';

const permission = { object: 'lease', action: 'acquire' };

export const acquireLease: Route = {
  method: 'POST',
  path: '/v1/lease',
  operationId: 'acquireLease',
  auth: 'bearer',
  permission,
  target: () => 'lease',
  async handle(ctx) {
    const { holder, ttlSeconds } = ctx.body as { holder: string; ttlSeconds: number };
    const lease = await ctx.services.store.acquireLease(holder, ttlSeconds, ctx.mutation(), ctx.audit({ status: 200, holder, ttlSeconds }));
    return { status: 200, body: lease, audited: true };
  },
};

export const renewLease: Route = {
  method: 'POST',
  path: '/v1/lease/renew',
  operationId: 'renewLease',
  auth: 'bearer',
  permission,
  target: () => 'lease',
  async handle(ctx) {
    const { token, ttlSeconds } = ctx.body as { token: number; ttlSeconds: number };
    const lease = await ctx.services.store.renewLease(token, ttlSeconds, ctx.mutation(), ctx.audit({ status: 200, ttlSeconds }));
    return { status: 200, body: lease, audited: true };
  },
};

export const releaseLease: Route = {
  method: 'DELETE',
  path: '/v1/lease',
  operationId: 'releaseLease',
  auth: 'bearer',
  permission,
  target: () => 'lease',
  async handle(ctx) {
    const { token } = ctx.body as { token: number };
    await ctx.services.store.releaseLease(token, ctx.mutation(), ctx.audit({ status: 204 }));
    return { status: 204, audited: true };
  },
};

export const leaseRoutes: Route[] = [acquireLease, renewLease, releaseLease];
