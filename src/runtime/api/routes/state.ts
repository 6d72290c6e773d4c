import { isRuntimeKind } from '../../model.js';
import { RuntimeProblem } from '../../problem.js';
import type { Route } from '../route.js';

const read = { object: 'state', action: 'read' };

export const getState: Route = {
  method: 'GET',
  path: '/v1/state',
  operationId: 'getState',
  auth: 'bearer',
  permission: read,
  target: () => 'state',
  async handle(ctx) {
    const kind = ctx.query.get('kind') ?? undefined;
    if (kind !== undefined && !isRuntimeKind(kind)) {
      throw new RuntimeProblem('invalid-request', `unknown kind ${JSON.stringify(kind)}`, { errors: [{ pointer: '/kind', message: 'unknown kind' }] });
    }
    return { status: 200, text: await ctx.services.store.stateJson({ kind }), contentType: 'application/json' };
  },
};

export const stateRoutes: Route[] = [getState];
