import type { ApplyRequest } from '../../model.js';
import { RuntimeProblem } from '../../problem.js';
import type { Route } from '../route.js';

export const applyChanges: Route = {
  method: 'POST',
  path: '/v1/apply',
  operationId: 'applyChanges',
  auth: 'bearer',
  permission: { object: 'state', action: 'apply' },
  target: () => 'state',
  async handle(ctx) {
    const request = ctx.body as ApplyRequest;
    const { metrics, store } = ctx.services;
    try {
      const result = await store.apply(
        request,
        ctx.mutation(),
        ctx.audit({ status: 200, expectedRevision: request.expectedRevision, leaseToken: request.leaseToken ?? null }),
      );
      metrics.applies.inc({ outcome: 'applied' });
      for (const r of result.results) metrics.appliedChanges.inc({ action: r.action });
      return { status: 200, body: result, audited: true };
    } catch (error) {
      if (error instanceof RuntimeProblem) metrics.applies.inc({ outcome: error.status === 409 ? 'conflict' : 'invalid' });
      throw error;
    }
  },
};

export const applyRoutes: Route[] = [applyChanges];
