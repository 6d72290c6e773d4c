import { RuntimeProblem } from '../../problem.js';
import type { CallStatus } from '../../actions/model.js';
import type { Route } from '../route.js';
import { integerQuery } from './params.js';

const STATUSES: readonly CallStatus[] = ['pending', 'succeeded', 'dead'];

/** `GET /v1/actions/calls`: the call log of Integrations' actions, newest first, with each call's attempts. */
export const listActionCalls: Route = {
  method: 'GET',
  path: '/v1/actions/calls',
  operationId: 'listActionCalls',
  auth: 'bearer',
  permission: { object: 'actions', action: 'read' },
  target: () => 'actions',
  async handle(ctx) {
    const actions = ctx.services.actions;
    if (!actions) throw new RuntimeProblem('not-ready', 'actions are not running in this runtime');
    const status = ctx.query.get('status');
    if (status !== null && !STATUSES.includes(status as CallStatus)) {
      throw new RuntimeProblem('invalid-request', `status must be one of ${STATUSES.join(', ')}`, { errors: [{ pointer: '/status', message: `must be one of ${STATUSES.join(', ')}` }] });
    }
    const integration = ctx.query.get('integration');
    const event = ctx.query.get('event');
    const calls = await actions.list({
      ...(integration ? { integration } : {}),
      ...(status ? { status: status as CallStatus } : {}),
      ...(event ? { eventId: event } : {}),
      limit: integerQuery(ctx, 'limit', 100, { min: 1, max: 1000 }),
    });
    return { status: 200, body: { calls } };
  },
};

export const actionRoutes: Route[] = [listActionCalls];
