import type { PutResourceInput } from '../../model.js';
import { RuntimeProblem } from '../../problem.js';
import { assertValidSpec } from '../resource-schemas.js';
import type { Route } from '../route.js';
import { resourceParams, resourceTarget } from './params.js';

const read = { object: 'state', action: 'read' };

export const getResource: Route = {
  method: 'GET',
  path: '/v1/resources/{kind}/{name}',
  operationId: 'getResource',
  auth: 'bearer',
  permission: read,
  target: resourceTarget,
  async handle(ctx) {
    const { kind, name } = resourceParams(ctx);
    const resource = await ctx.services.store.resource(kind, name);
    if (!resource) throw new RuntimeProblem('not-found', `no resource ${kind}/${name}`, { kind, name });
    return { status: 200, body: resource };
  },
};

/**
 * Out-of-band edit: only roles with `state write` (admin) may change the state outside an apply, and
 * only to a spec that matches its kind's JSON Schema.
 */
export const putResource: Route = {
  method: 'PUT',
  path: '/v1/resources/{kind}/{name}',
  operationId: 'putResource',
  auth: 'bearer',
  permission: { object: 'state', action: 'write' },
  target: resourceTarget,
  async handle(ctx) {
    const { kind, name } = resourceParams(ctx);
    const input = ctx.body as PutResourceInput;
    assertValidSpec(kind, input.spec);
    const resource = await ctx.services.store.putResource(kind, name, input, ctx.mutation(), ctx.audit({ status: 200 }));
    return { status: 200, body: resource, audited: true };
  },
};

export const getResourceHistory: Route = {
  method: 'GET',
  path: '/v1/resources/{kind}/{name}/history',
  operationId: 'getResourceHistory',
  auth: 'bearer',
  permission: read,
  target: resourceTarget,
  async handle(ctx) {
    const { kind, name } = resourceParams(ctx);
    const entries = await ctx.services.store.history(kind, name);
    if (!entries) throw new RuntimeProblem('not-found', `no history for ${kind}/${name}`, { kind, name });
    return { status: 200, body: { entries } };
  },
};

export const releaseResource: Route = {
  method: 'POST',
  path: '/v1/resources/{kind}/{name}/release',
  operationId: 'releaseResource',
  auth: 'bearer',
  permission: { object: 'state', action: 'release' },
  target: resourceTarget,
  async handle(ctx) {
    const { kind, name } = resourceParams(ctx);
    const resource = await ctx.services.store.releaseResource(kind, name, ctx.mutation(), ctx.audit({ status: 200 }));
    return { status: 200, body: resource, audited: true };
  },
};

export const resourceRoutes: Route[] = [getResource, putResource, getResourceHistory, releaseResource];
