import { SpanStatusCode, trace } from '@opentelemetry/api';
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
    // A span per apply (a no-op unless an OpenTelemetry SDK is registered in the process).
    const span = trace.getTracer('interlock-runtime').startSpan('apply', { attributes: { 'interlock.changes': request.changes.length, 'interlock.request_id': ctx.requestId } });
    try {
      const result = await store.apply(
        request,
        ctx.mutation(),
        ctx.audit({ status: 200, expectedRevision: request.expectedRevision, leaseToken: request.leaseToken ?? null }),
      );
      metrics.applies.inc({ outcome: 'applied' });
      for (const r of result.results) metrics.appliedChanges.inc({ action: r.action });
      span.setAttribute('interlock.revision', result.revision);
      return { status: 200, body: result, audited: true };
    } catch (error) {
      if (error instanceof RuntimeProblem) metrics.applies.inc({ outcome: error.status === 409 ? 'conflict' : 'invalid' });
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  },
};

export const applyRoutes: Route[] = [applyChanges];
