import type { DeliveryStatus } from '../../delivery/model.js';
import { deliveryStatus } from '../../delivery/log-queries.js';
import { RuntimeProblem } from '../../problem.js';
import { assertValidSpec } from '../resource-schemas.js';
import type { Route } from '../route.js';
import { deliveryOf, objectBody, parseDateTime, parseDurationMs } from './delivery-body.js';
import { integerQuery } from './params.js';

const read = { object: 'deliveries', action: 'read' };
const replay = { object: 'deliveries', action: 'replay' };
/** Canary routing is a rollout step of `interlock apply`: admin and operator (policies/access.csv). */
const route = { object: 'deliveries', action: 'route' };
const STATUSES: DeliveryStatus[] = ['pending', 'delivered', 'dead'];
const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function invalid(pointer: string, message: string): RuntimeProblem {
  return new RuntimeProblem('invalid-request', `${pointer}: ${message}`, { errors: [{ pointer, message }] });
}

/** `GET /v1/deliveries?integration=&status=&event=&before=&limit=`: the delivery log, newest first. */
export const listDeliveries: Route = {
  method: 'GET',
  path: '/v1/deliveries',
  operationId: 'listDeliveries',
  auth: 'bearer',
  permission: read,
  target: (ctx) => (ctx.query.get('integration') ? `Integration/${ctx.query.get('integration')}` : 'deliveries'),
  async handle(ctx) {
    const status = ctx.query.get('status');
    if (status !== null && !STATUSES.includes(status as DeliveryStatus)) throw invalid('/status', `must be one of ${STATUSES.join(', ')}`);
    const limit = integerQuery(ctx, 'limit', 100, { min: 1, max: 1000 });
    const page = await deliveryOf(ctx).list({
      limit,
      ...(ctx.query.get('integration') ? { integration: ctx.query.get('integration')! } : {}),
      ...(status ? { status: status as DeliveryStatus } : {}),
      ...(ctx.query.get('event') ? { eventId: ctx.query.get('event')! } : {}),
      ...(ctx.query.get('before') ? { before: ctx.query.get('before')! } : {}),
    });
    return { status: 200, body: page };
  },
};

/**
 * `GET /v1/deliveries/stats?integration=&window=5m`: attempts, failures, error rate and latency over the
 * window, in total and per variant (stable, canary) — what a canary rollout watches.
 */
export const deliveryStats: Route = {
  method: 'GET',
  path: '/v1/deliveries/stats',
  operationId: 'getDeliveryStats',
  auth: 'bearer',
  permission: read,
  target: (ctx) => `Integration/${ctx.query.get('integration') ?? ''}`,
  async handle(ctx) {
    const integration = ctx.query.get('integration');
    if (!integration || !NAME.test(integration)) throw invalid('/integration', 'an integration name is required');
    const windowMs = parseDurationMs(ctx.query.get('window') ?? '300');
    if (windowMs === null || windowMs < 1000 || windowMs > 30 * 86_400_000) throw invalid('/window', 'must be a duration from 1s to 30d (300, 30s, 5m, 1h)');
    return { status: 200, body: await deliveryOf(ctx).stats(integration, Math.round(windowMs / 1000)) };
  },
};

/** `POST /v1/deliveries/{id}/replay`: sends one delivery again from the start of the schedule. */
export const replayDelivery: Route = {
  method: 'POST',
  path: '/v1/deliveries/{id}/replay',
  operationId: 'replayDelivery',
  auth: 'bearer',
  permission: replay,
  target: (ctx) => `Delivery/${ctx.params.id}`,
  async handle(ctx) {
    const service = deliveryOf(ctx);
    const { id } = ctx.params;
    const status = await deliveryStatus(service.store.db, id);
    if (status === null) throw new RuntimeProblem('not-found', `no delivery ${id}`, { id });
    if (status === 'pending') throw new RuntimeProblem('change-conflict', `delivery ${id} is still pending`, { id, status });
    const held = await ctx.services.approvals?.gateReplay({ id }, ctx.audit({ status: 202 }));
    if (held) return { status: 202, body: held, audited: true };
    const result = await service.replay({ id }, ctx.audit({ status: 202 }));
    return { status: 202, body: result, audited: true };
  },
};

/** `POST /v1/deliveries/replay {since, integration?}`: every dead-lettered delivery created since a time. */
export const replayFailed: Route = {
  method: 'POST',
  path: '/v1/deliveries/replay',
  operationId: 'replayFailedDeliveries',
  auth: 'bearer',
  permission: replay,
  target: () => 'deliveries',
  async handle(ctx) {
    const body = objectBody(ctx, { since: { type: 'string', required: true }, integration: { type: 'string', pattern: NAME } });
    const since = parseDateTime(body.since as string);
    if (!since) throw invalid('/since', 'must be an RFC 3339 date-time from 1970 to 9999 (e.g. 2026-01-31T00:00:00Z)');
    // A replay to a vendor whose tier the access policy marks approval-required waits for a decision.
    const held = await ctx.services.approvals?.gateReplay(
      { since: since.toISOString(), ...(body.integration ? { integration: body.integration as string } : {}) },
      ctx.audit({ status: 202, since: since.toISOString(), integration: body.integration ?? null }),
    );
    if (held) return { status: 202, body: held, audited: true };
    const result = await deliveryOf(ctx).replay(
      { since, ...(body.integration ? { integration: body.integration as string } : {}) },
      ctx.audit({ status: 202, since: since.toISOString(), integration: body.integration ?? null }),
    );
    return { status: 202, body: result, audited: true };
  },
};

/** `GET /v1/deliveries/canaries`: the canary versions receiving a share of their integration's events. */
export const listCanaries: Route = {
  method: 'GET',
  path: '/v1/deliveries/canaries',
  operationId: 'listCanaries',
  auth: 'bearer',
  permission: read,
  target: () => 'deliveries',
  async handle(ctx) {
    return { status: 200, body: { canaries: await deliveryOf(ctx).canaries() } };
  },
};

/**
 * `PUT /v1/deliveries/canaries/{integration} {percent, spec}`: sends `percent` of the integration's events
 * to a canary version (`spec` is the new Integration spec). The rollout state machine lives in the
 * reconciler; this is its lever. `DELETE` ends the canary (all events to the applied spec again).
 */
export const putCanary: Route = {
  method: 'PUT',
  path: '/v1/deliveries/canaries/{integration}',
  operationId: 'putCanary',
  auth: 'bearer',
  permission: route,
  target: (ctx) => `Integration/${ctx.params.integration}`,
  async handle(ctx) {
    const integration = ctx.params.integration;
    if (!NAME.test(integration)) throw invalid('/integration', 'invalid integration name');
    const body = objectBody(ctx, { percent: { type: 'integer', required: true, min: 0, max: 100 }, spec: { type: 'object', required: true } });
    assertValidSpec('Integration', body.spec);
    const canary = { integration, percent: body.percent as number, spec: body.spec as Record<string, unknown> };
    await deliveryOf(ctx).setCanary(canary, ctx.audit({ status: 200 }));
    return { status: 200, body: { integration, percent: canary.percent }, audited: true };
  },
};

export const deleteCanary: Route = {
  method: 'DELETE',
  path: '/v1/deliveries/canaries/{integration}',
  operationId: 'deleteCanary',
  auth: 'bearer',
  permission: route,
  target: (ctx) => `Integration/${ctx.params.integration}`,
  async handle(ctx) {
    // Idempotent: a rollout that ends (or rolls back) twice must not fail the second time.
    await deliveryOf(ctx).clearCanary(ctx.params.integration, ctx.audit({ status: 204 }));
    return { status: 204, audited: true };
  },
};

export const deliveryRoutes: Route[] = [listDeliveries, deliveryStats, replayFailed, replayDelivery, listCanaries, putCanary, deleteCanary];
