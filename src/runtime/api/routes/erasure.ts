import type { ErasureRequestInput } from '../../../core/erasure-api.js';
import type { ErasureService } from '../../privacy/service.js';
import { RuntimeProblem } from '../../problem.js';
import type { RequestContext, Route } from '../route.js';
import { integerQuery } from './params.js';

const create = { object: 'erasure', action: 'create' };
const read = { object: 'erasure', action: 'read' };
const close = { object: 'erasure', action: 'close' };
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const STEP = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const STATUSES = ['open', 'completed', 'failed', 'nothing-held'];

function erasureOf(ctx: RequestContext): ErasureService {
  const service = ctx.services.erasure;
  if (!service) throw new RuntimeProblem('not-ready', 'erasure is not running in this runtime');
  return service;
}

function idParam(ctx: RequestContext): string {
  const id = ctx.params.id;
  if (!ID.test(id)) throw new RuntimeProblem('invalid-request', `invalid erasure request id ${JSON.stringify(id)}`, { errors: [{ pointer: '/id', message: 'invalid id' }] });
  return id;
}

/** `POST /v1/erasure`: accepts a data-subject erasure request; 201 with its planned steps (200 when `id` repeats an identical request). */
export const createErasure: Route = {
  method: 'POST',
  path: '/v1/erasure',
  operationId: 'createErasure',
  auth: 'bearer',
  permission: create,
  target: () => 'erasure',
  async handle(ctx) {
    const { created, request } = await erasureOf(ctx).create(ctx.body as ErasureRequestInput, ctx.actorName);
    return { status: created ? 201 : 200, body: request, headers: { location: `/v1/erasure/${request.id}` } };
  },
};

/** `GET /v1/erasure?status=&limit=`: requests, newest first, each with its steps. */
export const listErasures: Route = {
  method: 'GET',
  path: '/v1/erasure',
  operationId: 'listErasures',
  auth: 'bearer',
  permission: read,
  target: () => 'erasure',
  async handle(ctx) {
    const status = ctx.query.get('status');
    if (status !== null && !STATUSES.includes(status)) throw new RuntimeProblem('invalid-request', `status must be one of ${STATUSES.join(', ')}`, { errors: [{ pointer: '/status', message: 'unknown status' }] });
    const limit = integerQuery(ctx, 'limit', 50, { min: 1, max: 1000 });
    return { status: 200, body: { requests: await erasureOf(ctx).list({ limit, ...(status ? { status } : {}) }) } };
  },
};

/** `GET /v1/erasure/{id}`: one request and the state of each connector step. */
export const getErasure: Route = {
  method: 'GET',
  path: '/v1/erasure/{id}',
  operationId: 'getErasure',
  auth: 'bearer',
  permission: read,
  target: (ctx) => `Erasure/${ctx.params.id}`,
  async handle(ctx) {
    const request = await erasureOf(ctx).get(idParam(ctx));
    if (!request) throw new RuntimeProblem('not-found', `no erasure request ${ctx.params.id}`);
    return { status: 200, body: request };
  },
};

/** `GET /v1/erasure/{id}/evidence`: the signed evidence bundle (its export is audited). */
export const getErasureEvidence: Route = {
  method: 'GET',
  path: '/v1/erasure/{id}/evidence',
  operationId: 'getErasureEvidence',
  auth: 'bearer',
  permission: read,
  readAudit: 'sync',
  target: (ctx) => `Erasure/${ctx.params.id}`,
  async handle(ctx) {
    return { status: 200, body: await erasureOf(ctx).evidence(idParam(ctx), ctx.actorName) };
  },
};

/** `POST /v1/erasure/{id}/steps/{step}/evidence {reference, note?}`: closes a tokenization obligation with the vendor's evidence. */
export const closeErasureObligation: Route = {
  method: 'POST',
  path: '/v1/erasure/{id}/steps/{step}/evidence',
  operationId: 'closeErasureObligation',
  auth: 'bearer',
  permission: close,
  target: (ctx) => `Erasure/${ctx.params.id}/${ctx.params.step}`,
  async handle(ctx) {
    const id = idParam(ctx);
    const step = ctx.params.step;
    if (!STEP.test(step)) throw new RuntimeProblem('invalid-request', 'invalid step id', { errors: [{ pointer: '/step', message: 'invalid step id' }] });
    const body = ctx.body as { reference: string; note?: string };
    return { status: 200, body: await erasureOf(ctx).closeObligation(id, step, body, ctx.actorName) };
  },
};

export const erasureRoutes: Route[] = [createErasure, listErasures, getErasure, getErasureEvidence, closeErasureObligation];
