import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RuntimeLog } from '../log.js';
import { actorName, type Actor, type AuditInput } from '../model.js';
import { RuntimeProblem } from '../problem.js';
import type { FoundToken } from '../store/token-cache.js';
import { CURRENT_API_VERSION, negotiateApiVersion, type ApiVersion } from './api-version.js';
import { parseJsonBody, readBody } from './body.js';
import { DEFAULT_FAILED_AUTH_LIMITS, FailedAuthLimiter, type FailedAuthLimits } from './failed-auth-limiter.js';
import { REFUSAL_WINDOW_MS, RefusalLog } from './refusal-log.js';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimits } from './rate-limiter.js';
import { ReadAuditBatcher } from './read-audit.js';
import { PLATFORM_OPERATIONS } from './platform-operations.js';
import { requestTenant } from './request-tenant.js';
import { asPlatform, withTenant } from '../store/tenant-scope.js';
import { decodePathSegment, parseRequestTarget } from './request-target.js';
import type { RequestContext, Route, RouteResponse, RuntimeServices } from './route.js';
import { Router } from './router.js';
import { assertScopes, integrationParameters } from './scope-check.js';
import { assertValid, compileBodyValidators } from './validation.js';

export interface AdminHandlerOptions {
  routes: readonly Route[];
  services: RuntimeServices;
  /** Request bodies larger than this are refused with a 400 problem. */
  maxBodyBytes: number;
  /** Failed authentication allowed per client before it is refused outright (429). */
  failedAuthLimits?: FailedAuthLimits;
  /** Calls per token (token bucket, optional daily quota); `false`: unlimited. */
  rateLimits?: RateLimits | false;
  /** How long refused authentication is tallied per client before one audit entry sums it up. */
  refusalWindowMs?: number;
  /** Called with unexpected errors (bugs, a lost database); the caller decides whether to log. */
  onError?(error: unknown): void;
  /** One line per answered request (request id, operation, status, actor, duration); 5xx at error level. */
  log?: RuntimeLog;
}

export interface AdminHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Writes the audit summaries of refusal windows that have closed (all of them with `all`); returns how many. */
  flushRefusals(all?: boolean): Promise<number>;
  /** Writes the batched audit entries of reads answered so far. */
  flushReadAudit(): Promise<void>;
  /** Stops the periodic flush and writes what is still tallied. */
  close(): Promise<void>;
}

const ANONYMOUS: Actor = { role: 'anonymous', tokenId: null, tenant: null };

/**
 * The request pipeline: parse the target → route → authenticate → authorise → decode params → read and
 * validate the body → handle → audit → respond. Every authenticated /v1 call ends in the audit log,
 * refusals included; a mutation's entry is committed with the change itself, and successful reads are
 * written in batches off the request path (`ReadAuditBatcher`). Failed authentication is
 * rate limited per client and summarised in the audit log per window, so a flood of anonymous requests
 * costs no database work. Nothing a request carries can throw out of this function: whatever escapes
 * the pipeline is logged through `onError` and answered with a problem.
 */
export function createAdminHandler(opts: AdminHandlerOptions): AdminHandler {
  const router = new Router(opts.routes);
  const validators = compileBodyValidators(opts.services.document);
  const integrationIn = integrationParameters(opts.services.document);
  const { services } = opts;
  const nowMs = () => services.clock().getTime();
  const limiter = new FailedAuthLimiter(opts.failedAuthLimits ?? DEFAULT_FAILED_AUTH_LIMITS, nowMs);
  const windowMs = opts.refusalWindowMs ?? REFUSAL_WINDOW_MS;
  const refusals = new RefusalLog(windowMs);
  const rateLimiter = opts.rateLimits === false ? undefined : new RateLimiter(opts.rateLimits ?? DEFAULT_RATE_LIMITS, nowMs);
  // A token over its limit is summarised like refused authentication: one entry per token per window.
  const limited = new RefusalLog(windowMs, undefined, (actor) => ({ actor, action: 'rateLimited' }));

  const flushRefusals = async (all = false): Promise<number> => {
    const entries = [...refusals.drain(nowMs(), all), ...limited.drain(nowMs(), all)];
    if (entries.length) await asPlatform(() => services.store.appendAudits(entries, services.clock()));
    return entries.length;
  };
  // Entries name their tenants; a flush that starts inside a request must not run in that request's scope.
  const reads = new ReadAuditBatcher({ append: (entries, now) => asPlatform(() => services.store.appendAudits(entries, now)), clock: services.clock, onError: opts.onError });
  services.flushReadAudit = () => reads.flush();
  const timer = setInterval(() => void flushRefusals().catch((error: unknown) => opts.onError?.(error)), Math.max(1000, Math.floor(windowMs / 4)));
  timer.unref();

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    let instance = '/';
    let operation = 'unmatched';
    let actorLabel = 'anonymous';
    let apiVersion: ApiVersion = CURRENT_API_VERSION;
    const requestId = requestIdOf(req.headers['x-request-id']);

    const respond = (response: RouteResponse): void => {
      const headers: Record<string, string> = { ...response.headers, 'x-request-id': requestId, 'interlock-version': apiVersion };
      let payload: string | undefined;
      if (response.text !== undefined) {
        payload = response.text;
        headers['content-type'] = response.contentType ?? 'text/plain; charset=utf-8';
      } else if (response.body !== undefined) {
        payload = JSON.stringify(response.body);
        headers['content-type'] = response.contentType ?? 'application/json';
      }
      if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
      res.writeHead(response.status, headers);
      res.end(payload);
      services.metrics.requests.inc({ operation, status: String(response.status) });
      const seconds = (performance.now() - started) / 1000;
      services.metrics.duration.observe({ operation }, seconds);
      opts.log?.({
        level: response.status >= 500 ? 'error' : 'info',
        msg: 'request',
        reqId: requestId,
        method,
        path: instance,
        operation,
        status: response.status,
        actor: actorLabel,
        durationMs: Math.round(seconds * 10_000) / 10,
      });
    };
    const problem = (p: RuntimeProblem): RouteResponse => ({
      status: p.status,
      body: p.toDocument(instance),
      contentType: 'application/problem+json',
      headers: { ...p.headers, ...(p.slug === 'unauthorized' ? { 'www-authenticate': 'Bearer realm="interlock"' } : {}) },
    });
    const client = req.socket.remoteAddress ?? 'unknown';

    let target;
    try {
      target = parseRequestTarget(req.url);
    } catch (error) {
      req.resume();
      return respond(problem(error as RuntimeProblem));
    }
    instance = target.path;
    const match = router.match(method, target.path);
    if (!match) return respond(problem(new RuntimeProblem('not-found', `no route for ${method} ${target.path}`)));
    if (!('route' in match)) {
      const r = problem(new RuntimeProblem('method-not-allowed', `${target.path} allows ${match.allowed.join(', ')}`));
      return respond({ ...r, headers: { ...r.headers, allow: match.allowed.join(', ') } });
    }
    const { route, params: rawParams } = match;
    operation = route.operationId;

    const run = async (): Promise<void> => {
      const now = services.clock();
      let actor = ANONYMOUS;
      const ctx: RequestContext = {
        method,
        requestId,
        path: target.path,
        apiVersion,
        params: rawParams,
        query: target.query,
        headers: req.headers,
        rawBody: Buffer.alloc(0),
        body: undefined,
        actor,
        actorName: actorName(actor),
        tenant: null,
        now,
        services,
        audit: (data = {}) => ({ actor: ctx.actorName, action: route.operationId, target: targetOf(route, ctx), data: { method, path: target.path, ...data } }),
        mutation: () => ({ actor: ctx.actorName, now }),
      };
      let response: RouteResponse;
      let refused = false;
      let overLimit = false;
      let rateHeaders: Record<string, string> | undefined;
      try {
        ctx.apiVersion = apiVersion = negotiateApiVersion(req.headers['interlock-version']);
        if (route.auth === 'bearer') {
          const found = await authenticate(services, limiter, client, req.headers.authorization).catch((error: unknown) => {
            if (error instanceof RuntimeProblem && (error.slug === 'unauthorized' || error.slug === 'too-many-requests')) {
              refused = true;
              if (error.slug === 'unauthorized') limiter.failed(client);
            }
            throw error;
          });
          ctx.actor = actor = found;
          ctx.actorName = actorLabel = actorName(actor);
          if (rateLimiter) {
            const decision = rateLimiter.take(actor.tokenId ?? ctx.actorName);
            rateHeaders = decision.headers;
            if (!decision.allowed) {
              overLimit = true;
              throw new RuntimeProblem('rate-limited', `the token is over its ${decision.violated.join(' and ')} limit; retry in ${decision.retryAfterSeconds} s`, { 'violated-policies': decision.violated });
            }
          }
          if (route.permission && !services.access.allows(actor.role, route.permission, actor.tenant)) {
            throw new RuntimeProblem('forbidden', `role ${actor.role} may not ${route.permission.action} ${route.permission.object}`, {
              role: actor.role,
              required: route.permission,
            });
          }
          if (actor.tenant !== null && PLATFORM_OPERATIONS.has(route.operationId)) {
            throw new RuntimeProblem('forbidden', `${route.operationId} is the platform operator’s; a tenant token may not call it`);
          }
        }
        ctx.params = Object.fromEntries(Object.entries(rawParams).map(([name, raw]) => [name, decodePathSegment(name, raw)]));
        if (route.auth === 'bearer') assertScopes(services.access, actor, route, ctx, integrationIn.get(route.operationId));
        const validate = validators.get(route.operationId);
        if (validate || method !== 'GET') {
          ctx.rawBody = await readBody(req, opts.maxBodyBytes);
        }
        if (validate) {
          ctx.body = parseJsonBody(ctx.rawBody, req.headers['content-type']);
          assertValid(validate, ctx.body);
        }
        if (route.auth === 'bearer') {
          // Every statement the route runs is under this tenant's row-level security (tenant-scope.ts).
          const tenant = (ctx.tenant = requestTenant(actor, req.headers));
          await services.residency?.assertServed(tenant);
          response = await withTenant(tenant, () => route.handle(ctx));
        } else response = await route.handle(ctx);
      } catch (error) {
        if (error instanceof RuntimeProblem) response = problem(error);
        else {
          opts.onError?.(error);
          response = problem(new RuntimeProblem('internal', 'unexpected error; see the runtime log'));
        }
      }
      if (rateHeaders) response.headers = { ...response.headers, ...rateHeaders };
      if (overLimit) {
        // Not read and not audited one by one: a client hammering past its limit costs no body and no write.
        req.resume();
        limited.record(ctx.actorName, 'rate-limited', target.path, nowMs());
      } else if (refused) {
        // Not read: the client is refused before its body matters, and the socket must not wait on it.
        req.resume();
        refusals.record(client, problemSlug(response) ?? 'unauthorized', target.path, nowMs());
        if (response.status === 429) response.headers = { ...response.headers, 'retry-after': String(Math.max(1, limiter.retryAfterSeconds(client))) };
      } else if (route.auth === 'bearer' && !response.audited && method === 'GET' && response.status < 400 && route.readAudit !== 'sync') {
        reads.add({ ...auditOfResponse(ctx, response), ...(ctx.tenant === null ? {} : { tenant: ctx.tenant }) });
      } else if (route.auth === 'bearer' && !response.audited) {
        try {
          await asPlatform(() => services.store.appendAudit({ ...auditOfResponse(ctx, response), ...(ctx.tenant === null ? {} : { tenant: ctx.tenant }) }, now));
        } catch (error) {
          // An admin call that cannot be audited must not look successful.
          if (error instanceof RuntimeProblem) response = problem(error);
          else {
            opts.onError?.(error);
            response = problem(new RuntimeProblem('internal', 'the call could not be audited'));
          }
        }
      }
      respond(response);
    };
    run().catch((error: unknown) => {
      opts.onError?.(error);
      if (!res.headersSent) respond(problem(new RuntimeProblem('internal', 'unexpected error')));
      else res.destroy();
    });
  };

  // The last resort: a bug in the pipeline itself is logged and answered, never thrown into the server.
  const handler = ((req: IncomingMessage, res: ServerResponse) => {
    try {
      handle(req, res);
    } catch (error) {
      opts.onError?.(error);
      if (!res.headersSent) {
        const body = JSON.stringify(new RuntimeProblem('internal', 'unexpected error; see the runtime log').toDocument());
        res.writeHead(500, { 'content-type': 'application/problem+json', 'content-length': String(Buffer.byteLength(body)) }).end(body);
      } else res.destroy();
    }
  }) as AdminHandler;
  handler.flushRefusals = flushRefusals;
  handler.flushReadAudit = () => reads.flush();
  handler.close = async () => {
    clearInterval(timer);
    await reads.close();
    await flushRefusals(true);
  };
  return handler;
}

/** A caller's own request id is kept when it is a plain token (so traces join up); otherwise a fresh UUID. */
function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && /^[\w.:-]{1,100}$/.test(header) ? header : randomUUID();
}

function targetOf(route: Route, ctx: RequestContext): string | null {
  return route.target ? route.target(ctx) : ctx.path;
}

function problemSlug(response: RouteResponse): string | null {
  const doc = response.body as { type?: string } | undefined;
  return typeof doc?.type === 'string' ? (doc.type.split('/').pop() ?? null) : null;
}

function auditOfResponse(ctx: RequestContext, response: RouteResponse): AuditInput {
  const entry = ctx.audit({ status: response.status });
  if (response.status >= 400 && response.body && typeof response.body === 'object') {
    const doc = response.body as { type?: string; detail?: string };
    entry.data.problem = doc.type?.split('/').pop() ?? null;
    if (doc.detail) entry.data.detail = doc.detail;
  }
  return entry;
}

/**
 * A valid `Authorization: Bearer <token>` gives the token's role; anything else is a 401. A client that
 * has used up its failed attempts is refused (429) without a lookup, unless its token is one verified
 * recently — a flood from one address never locks out a legitimate caller sharing it.
 */
async function authenticate(services: RuntimeServices, limiter: FailedAuthLimiter, client: string, header: string | undefined): Promise<Actor> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!limiter.allows(client)) {
    const cached = m ? services.store.findCachedToken(m[1], services.clock()) : null;
    if (cached) return principal(cached);
    throw new RuntimeProblem('too-many-requests', `too many failed authentication attempts from ${client}; retry later`);
  }
  if (!m) throw new RuntimeProblem('unauthorized', header ? 'the Authorization header is not a bearer token' : 'no bearer token');
  const found = await services.store.findToken(m[1], services.clock());
  if (!found) throw new RuntimeProblem('unauthorized', 'unknown, expired or revoked bearer token');
  return principal(found);
}

/** What routes know of the caller: its role, token, tenant and scopes (never the secret). */
function principal(found: FoundToken): Actor {
  return { role: found.role, tokenId: found.id, tenant: found.tenant, scopes: found.scopes };
}
