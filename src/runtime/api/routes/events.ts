import type { Route } from '../route.js';
import { deliveryOf, objectBody } from './delivery-body.js';

const EVENT_TYPE = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/**
 * `POST /v1/events`: accepts an event and routes it to every integration subscribed to its type. The event,
 * its deliveries and this call's audit entry commit together; 202 means it will be delivered even if the
 * runtime dies a moment later. An `idempotencyKey` (or `Idempotency-Key` header) seen before returns the
 * first event with `duplicate: true`.
 */
export const sendEvent: Route = {
  method: 'POST',
  path: '/v1/events',
  operationId: 'sendEvent',
  auth: 'bearer',
  permission: { object: 'events', action: 'write' },
  target: () => 'events',
  async handle(ctx) {
    await ctx.services.intake?.admit();
    const body = objectBody(ctx, {
      type: { type: 'string', required: true, pattern: EVENT_TYPE },
      data: { type: 'any', required: true },
      idempotencyKey: { type: 'string', pattern: /^.{1,200}$/ },
    });
    const headerKey = ctx.headers['idempotency-key'];
    const idempotencyKey = (body.idempotencyKey as string | undefined) ?? (typeof headerKey === 'string' ? headerKey : undefined);
    const outcome = await deliveryOf(ctx).accept(
      { type: body.type as string, data: body.data, ...(idempotencyKey ? { idempotencyKey } : {}), source: 'api' },
      ctx.audit({ status: 202 }),
    );
    return { status: 202, body: outcome, audited: true };
  },
};

export const eventRoutes: Route[] = [sendEvent];
