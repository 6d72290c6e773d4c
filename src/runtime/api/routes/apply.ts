import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { ApplyRequest } from '../../model.js';
import { RuntimeProblem } from '../../problem.js';
import { assertValidSpec } from '../resource-schemas.js';
import type { Route } from '../route.js';

/** What `plan` adds to a manifest's spec: content hashes the runtime tracks; not part of the kinds' schemas. */
const DERIVED_FIELDS: Record<string, string> = { Contract: 'contentHash', Integration: 'adapterHash' };

/**
 * Every created or updated spec must be one the gate would accept: an apply is a way in too, and a token
 * that may apply must not be able to store `{"foo":1,"vendor":"nope"}` as an Integration.
 */
function assertValidChanges(request: ApplyRequest): void {
  request.changes.forEach((change, i) => {
    if (change.action === 'delete') return;
    const spec = { ...(change.spec as Record<string, unknown>) };
    const derived = DERIVED_FIELDS[change.kind];
    if (derived !== undefined && typeof spec[derived] === 'string' && /^sha256:[0-9a-f]{64}$/.test(spec[derived])) delete spec[derived];
    assertValidSpec(change.kind, spec, `/changes/${i}/spec`);
  });
}

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
      // Inside the try so that a refused spec counts as an `invalid` apply and marks the span.
      assertValidChanges(request);
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
