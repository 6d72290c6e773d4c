import type { OpenApiMockContract } from '../contract.js';
import type { Faults } from '../control/faults.js';
import { mockProblem } from '../problem.js';
import type { MockReply, MockRequest } from '../reply.js';
import { checkRequest, type RequestViolation } from './request-check.js';
import { matchRoute } from './routes.js';
import { parsePrefer, planResponse } from './respond.js';
import type { BodyGenerator } from './body-generator.js';
import type { ResourceState } from './state.js';

export interface OpenApiHandlerContext {
  contract: OpenApiMockContract;
  state: ResourceState;
  faults: Faults;
  random: () => number;
  bodies: BodyGenerator;
}

const PROBLEM_JSON = 'application/problem+json';

/** Answers one request from an OpenAPI contract: route, validate, then example, state or generated body. */
export function handleOpenApi(ctx: OpenApiHandlerContext, req: MockRequest): MockReply {
  const { contract } = ctx;
  const found = matchRoute(contract.routes, req.method, req.path);
  if (!found.match) {
    const validation = { valid: false, errors: [] };
    if (found.allowed.length) {
      return { status: 405, headers: { allow: found.allowed.join(', ') }, contentType: PROBLEM_JSON, body: mockProblem('method-not-allowed', 405, `${req.method} ${req.path}: the contract allows ${found.allowed.join(', ')}`), matched: false, validation };
    }
    return { status: 404, headers: {}, contentType: PROBLEM_JSON, body: mockProblem('no-route', 404, `${req.method} ${req.path} is not an operation of ${contract.file}`), matched: false, validation };
  }
  const { route, params } = found.match;
  const operation = route.operation;
  const check = checkRequest(contract.spec, contract.validator, operation, { method: req.method, pathParams: params, query: req.query, headers: req.headers, body: req.body });
  const errors = check.violations.map((v) => ({ in: v.in, pointer: v.pointer, message: v.message }));
  const base = { operation: route.id, matched: true, requestBody: check.body };
  if (check.unauthenticated) {
    return { ...base, status: 401, headers: { 'www-authenticate': 'Bearer' }, contentType: PROBLEM_JSON, body: mockProblem('unauthorized', 401, check.unauthenticated), validation: { valid: false, errors: [{ in: 'header', pointer: '/header/authorization', message: check.unauthenticated }] } };
  }
  if (check.unsupportedMediaType) {
    return { ...base, status: 415, headers: {}, contentType: PROBLEM_JSON, body: mockProblem('unsupported-media-type', 415, check.unsupportedMediaType), validation: { valid: false, errors: [{ in: 'header', pointer: '/header/content-type', message: check.unsupportedMediaType }] } };
  }
  const validation = { valid: check.violations.length === 0, errors, ...(check.unchecked.length ? { unchecked: check.unchecked } : {}) };
  if (check.violations.length) {
    const status = operation.responses.has('422') && !operation.responses.has('400') ? 422 : 400;
    const detail = check.violations.length === 1 ? check.violations[0].message : `${check.violations.length} violations; the first: ${check.violations[0].message}`;
    return { ...base, status, headers: {}, contentType: PROBLEM_JSON, body: mockProblem('invalid-request', status, detail, { operation: route.id, errors: check.violations.map((v) => located(ctx, v)) }), validation };
  }
  const forced = ctx.faults.status?.[route.id];
  if (forced === undefined && ctx.faults.errorRate && ctx.random() < ctx.faults.errorRate) {
    return { ...base, status: 500, headers: {}, contentType: PROBLEM_JSON, body: mockProblem('injected-error', 500, `error rate ${ctx.faults.errorRate}`), validation, fault: 'error-rate' };
  }
  const prefer = parsePrefer(req.headers.prefer, req.query);
  if (forced !== undefined) prefer.code = String(forced);
  const plan = planResponse(contract.spec, contract.document, ctx.bodies, operation, prefer, req.headers.accept);
  if (plan.missing) {
    if (forced !== undefined) return { ...base, status: forced, headers: {}, contentType: PROBLEM_JSON, body: mockProblem('injected-error', forced, `status ${forced} forced for ${route.id}`), validation, fault: 'status' };
    return { ...base, status: 404, headers: {}, contentType: PROBLEM_JSON, body: mockProblem('no-example', 404, plan.missing), validation };
  }
  let body = plan.body;
  const status = plan.status;
  const ok = status >= 200 && status < 300;
  if (ok && forced === undefined && prefer.example === undefined) {
    const seen = ctx.state.lookup(req.path);
    const method = operation.method;
    if (seen.gone && method !== 'post' && method !== 'put') {
      return { ...base, status: 404, headers: {}, contentType: PROBLEM_JSON, body: mockProblem('not-found', 404, `${req.path} was deleted earlier in this run`), validation };
    }
    if (method === 'delete' && seen.found) ctx.state.remove(req.path);
    else if (method === 'get' && seen.found) body = seen.found;
    else if ((method === 'patch' || method === 'put' || method === 'post') && seen.found) body = ctx.state.update(req.path, check.body) ?? body;
    else if (method === 'post' && plan.mediaType) body = ctx.state.create(req.path, body, check.body);
  }
  const headers: Record<string, string> = { ...plan.headers };
  if (plan.source === 'unverified') headers['x-interlock-mock'] = 'unverified-body';
  if (status === 204 || body === undefined) return { ...base, status, headers, validation, fault: forced !== undefined ? 'status' : undefined };
  return { ...base, status, headers, contentType: plan.mediaType ?? 'application/json', body, validation, fault: forced !== undefined ? 'status' : undefined };
}

/** A violation with the line and column of the contract element it breaks. */
function located(ctx: OpenApiHandlerContext, v: RequestViolation): Record<string, unknown> {
  const out: Record<string, unknown> = { in: v.in, pointer: v.pointer, keyword: v.keyword, message: v.message };
  if (v.schema !== undefined) {
    const pointer = v.schema.replace(/\/__schema(?=\/|$)/, "");
    const pos = ctx.contract.spec.root.locate(pointer);
    out.contract = { file: ctx.contract.file, pointer, line: pos.line, column: pos.column };
  }
  return out;
}
