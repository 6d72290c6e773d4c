import type { IncomingMessage, ServerResponse } from 'node:http';
import { actorName, type Actor, type AuditInput } from '../model.js';
import { RuntimeProblem } from '../problem.js';
import { parseJsonBody, readBody } from './body.js';
import type { RequestContext, Route, RouteResponse, RuntimeServices } from './route.js';
import { Router } from './router.js';
import { assertValid, compileBodyValidators } from './validation.js';

export interface AdminHandlerOptions {
  routes: readonly Route[];
  services: RuntimeServices;
  /** Request bodies larger than this are refused with a 400 problem. */
  maxBodyBytes: number;
  /** Called with unexpected errors (bugs, a lost database); the caller decides whether to log. */
  onError?(error: unknown): void;
}

const ANONYMOUS: Actor = { role: 'anonymous', tokenId: null };

/**
 * The request pipeline: route → authenticate → authorise → read and validate the body → handle →
 * audit → respond. Every /v1 call ends in the audit log, refusals included; a mutation's entry is
 * committed with the change itself.
 */
export function createAdminHandler(opts: AdminHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const router = new Router(opts.routes);
  const validators = compileBodyValidators(opts.services.document);
  const { services } = opts;

  return (req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://runtime');
    const method = (req.method ?? 'GET').toUpperCase();
    const match = router.match(method, url.pathname);
    let operation = 'unmatched';

    const respond = (response: RouteResponse): void => {
      const headers: Record<string, string> = { ...response.headers };
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
      services.metrics.duration.observe({ operation }, (performance.now() - started) / 1000);
    };
    const problem = (p: RuntimeProblem): RouteResponse => ({
      status: p.status,
      body: p.toDocument(url.pathname),
      contentType: 'application/problem+json',
      headers: p.slug === 'unauthorized' ? { 'www-authenticate': 'Bearer realm="interlock"' } : undefined,
    });

    if (!match) return respond(problem(new RuntimeProblem('not-found', `no route for ${method} ${url.pathname}`)));
    if (!('route' in match)) {
      const r = problem(new RuntimeProblem('method-not-allowed', `${url.pathname} allows ${match.allowed.join(', ')}`));
      return respond({ ...r, headers: { ...r.headers, allow: match.allowed.join(', ') } });
    }
    const { route, params } = match;
    operation = route.operationId;

    void (async () => {
      const now = services.clock();
      let actor = ANONYMOUS;
      const ctx: RequestContext = {
        method,
        path: url.pathname,
        params,
        query: url.searchParams,
        headers: req.headers,
        rawBody: Buffer.alloc(0),
        body: undefined,
        actor,
        actorName: actorName(actor),
        now,
        services,
        audit: (data = {}) => ({ actor: ctx.actorName, action: route.operationId, target: targetOf(route, ctx), data: { method, path: url.pathname, ...data } }),
        mutation: () => ({ actor: ctx.actorName, now }),
      };
      let response: RouteResponse;
      try {
        if (route.auth === 'bearer') {
          actor = await authenticate(services, req.headers.authorization);
          ctx.actor = actor;
          ctx.actorName = actorName(actor);
          if (route.permission && !services.access.allows(actor.role, route.permission)) {
            throw new RuntimeProblem('forbidden', `role ${actor.role} may not ${route.permission.action} ${route.permission.object}`, {
              role: actor.role,
              required: route.permission,
            });
          }
        }
        const validate = validators.get(route.operationId);
        if (validate || method !== 'GET') {
          ctx.rawBody = await readBody(req, opts.maxBodyBytes);
        }
        if (validate) {
          ctx.body = parseJsonBody(ctx.rawBody, req.headers['content-type']);
          assertValid(validate, ctx.body);
        }
        response = await route.handle(ctx);
      } catch (error) {
        if (error instanceof RuntimeProblem) response = problem(error);
        else {
          opts.onError?.(error);
          response = problem(new RuntimeProblem('internal', 'unexpected error; see the runtime log'));
        }
      }
      if (route.auth === 'bearer' && !response.audited) {
        try {
          await services.store.appendAudit(auditOfResponse(ctx, response), now);
        } catch (error) {
          // An admin call that cannot be audited must not look successful.
          opts.onError?.(error);
          response = problem(new RuntimeProblem('internal', 'the call could not be audited'));
        }
      }
      respond(response);
    })().catch((error: unknown) => {
      opts.onError?.(error);
      if (!res.headersSent) respond(problem(new RuntimeProblem('internal', 'unexpected error')));
      else res.destroy();
    });
  };
}

function targetOf(route: Route, ctx: RequestContext): string | null {
  return route.target ? route.target(ctx) : ctx.path;
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

/** A valid `Authorization: Bearer <token>` gives the token's role; anything else is a 401. */
async function authenticate(services: RuntimeServices, header: string | undefined): Promise<Actor> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) throw new RuntimeProblem('unauthorized', header ? 'the Authorization header is not a bearer token' : 'no bearer token');
  const found = await services.store.findToken(m[1]);
  if (!found) throw new RuntimeProblem('unauthorized', 'unknown bearer token');
  return { role: found.role, tokenId: found.id };
}
