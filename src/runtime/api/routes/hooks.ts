import { PROBLEM_BASE } from '../../problem.js';
import { receiveWebhook } from '../../inbound/receive.js';
import type { Route } from '../route.js';
import { deliveryOf } from './delivery-body.js';

/**
 * `POST /hooks/{path}`: inbound webhooks from vendors. Public (vendors carry no bearer token): the
 * integration's declared signature scheme is the authentication, checked on the raw bytes. Rejections
 * are RFC 9457 problems of type `webhook-<reason>` and are audited by the inbound handler.
 */
export const receiveHook: Route = {
  method: 'POST',
  path: '/hooks/{path}',
  operationId: 'receiveWebhook',
  auth: 'public',
  target: (ctx) => `hooks/${ctx.params.path}`,
  async handle(ctx) {
    await ctx.services.intake?.admit();
    // The URL as this server saw it, for schemes that sign the URL (Twilio); behind a proxy set signature.url.
    const host = ctx.headers.host ?? 'localhost';
    const requestUrl = `http://${host}${ctx.path}${ctx.query.size ? `?${ctx.query.toString()}` : ''}`;
    const result = await receiveWebhook(deliveryOf(ctx), ctx.params.path, ctx.rawBody, ctx.headers, ctx.now, requestUrl);
    if (result.ok && result.challenge !== undefined) return { status: 200, body: { challenge: result.challenge } };
    if (result.ok) {
      // An Approve / Reject button of an approval message: decided once (a Slack retry is a duplicate).
      const approval = !result.duplicate && result.scheme === 'slack' ? await ctx.services.approvals?.decideFromSlack(result.payload) : undefined;
      return {
        status: result.duplicate ? 200 : 202,
        body: { eventId: result.eventId, type: result.type, duplicate: result.duplicate, schemaChecked: result.schemaChecked, ...(approval ? { approval } : {}) },
      };
    }
    return {
      status: result.status,
      contentType: 'application/problem+json',
      body: {
        type: `${PROBLEM_BASE}webhook-${result.reason}`,
        title: 'Webhook rejected',
        status: result.status,
        detail: result.detail,
        instance: ctx.path,
        ...(result.errors ? { errors: result.errors } : {}),
      },
    };
  },
};

export const hookRoutes: Route[] = [receiveHook];
