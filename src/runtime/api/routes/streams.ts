import { RuntimeProblem } from '../../problem.js';
import type { Route } from '../route.js';

/** `GET /v1/streams`: every applied integration's stream with its engine, cursor, published count and last error. */
export const listStreams: Route = {
  method: 'GET',
  path: '/v1/streams',
  operationId: 'listStreams',
  auth: 'bearer',
  permission: { object: 'streams', action: 'read' },
  target: () => 'streams',
  async handle(ctx) {
    const publisher = ctx.services.streams;
    if (!publisher) throw new RuntimeProblem('not-ready', 'stream publishing is not running in this runtime');
    return { status: 200, body: { streams: await publisher.status() } };
  },
};

export const streamRoutes: Route[] = [listStreams];
