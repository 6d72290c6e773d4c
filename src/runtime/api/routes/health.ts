import { RuntimeProblem } from '../../problem.js';
import type { Route } from '../route.js';

export const getHealth: Route = {
  method: 'GET',
  path: '/healthz',
  operationId: 'getHealth',
  auth: 'public',
  async handle() {
    return { status: 200, body: { status: 'ok' } };
  },
};

export const getReadiness: Route = {
  method: 'GET',
  path: '/readyz',
  operationId: 'getReadiness',
  auth: 'public',
  async handle(ctx) {
    try {
      await ctx.services.store.ping();
    } catch (error) {
      throw new RuntimeProblem('not-ready', `the store does not answer: ${(error as Error).message}`);
    }
    return { status: 200, body: { status: 'ok', engine: ctx.services.store.engine } };
  },
};

export const getMetrics: Route = {
  method: 'GET',
  path: '/metrics',
  operationId: 'getMetrics',
  auth: 'public',
  async handle(ctx) {
    return { status: 200, text: await ctx.services.metrics.render(), contentType: ctx.services.metrics.contentType };
  },
};

export const getOpenApi: Route = {
  method: 'GET',
  path: '/openapi.json',
  operationId: 'getOpenApi',
  auth: 'public',
  async handle(ctx) {
    return { status: 200, body: ctx.services.document };
  },
};

export const healthRoutes: Route[] = [getHealth, getReadiness, getMetrics, getOpenApi];
