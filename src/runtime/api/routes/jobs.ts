import { RuntimeProblem } from '../../problem.js';
import { UnknownJobError, type Scheduler } from '../../scheduler/scheduler.js';
import type { RequestContext, Route } from '../route.js';
import { integerQuery } from './params.js';

const read = { object: 'jobs', action: 'read' };
const run = { object: 'jobs', action: 'run' };

function schedulerOf(ctx: RequestContext): Scheduler {
  if (!ctx.services.scheduler) throw new RuntimeProblem('not-found', 'this runtime runs without a scheduler');
  return ctx.services.scheduler;
}

async function known<T>(ctx: RequestContext, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (error) {
    if (error instanceof UnknownJobError) throw new RuntimeProblem('not-found', `no job ${JSON.stringify(ctx.params.id)} (GET /v1/jobs lists them)`);
    throw error;
  }
}

/** `GET /v1/jobs`: every scheduled job the applied state asks for, with its next tick and last run. */
export const listJobs: Route = {
  method: 'GET',
  path: '/v1/jobs',
  operationId: 'listJobs',
  auth: 'bearer',
  permission: read,
  target: () => 'jobs',
  async handle(ctx) {
    return { status: 200, body: { jobs: await schedulerOf(ctx).list() } };
  },
};

/** `GET /v1/jobs/{id}/runs?limit=`: a job's run history, newest first. */
export const listJobRuns: Route = {
  method: 'GET',
  path: '/v1/jobs/{id}/runs',
  operationId: 'listJobRuns',
  auth: 'bearer',
  permission: read,
  target: (ctx) => `jobs/${ctx.params.id}`,
  async handle(ctx) {
    const limit = integerQuery(ctx, 'limit', 50, { min: 1, max: 1000 });
    return { status: 200, body: { runs: await known(ctx, schedulerOf(ctx).history(ctx.params.id, limit)) } };
  },
};

/** `POST /v1/jobs/{id}/run`: runs a job now, outside its schedule, and answers with the finished run. */
export const runJob: Route = {
  method: 'POST',
  path: '/v1/jobs/{id}/run',
  operationId: 'runJob',
  auth: 'bearer',
  permission: run,
  target: (ctx) => `jobs/${ctx.params.id}`,
  async handle(ctx) {
    return { status: 200, body: await known(ctx, schedulerOf(ctx).runNow(ctx.params.id)) };
  },
};

export const jobRoutes: Route[] = [listJobs, listJobRuns, runJob];
