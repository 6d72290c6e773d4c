import type { AccessControl } from '../access/enforcer.js';
import { scopesCovering } from '../access/scopes.js';
import type { Actor } from '../model.js';
import { RuntimeProblem } from '../problem.js';
import type { OpenApiDocument } from './openapi-document.js';
import type { RequestContext, Route } from './route.js';

type Where = 'path' | 'query';

/**
 * Operations that carry an integration name, from the admin contract: a parameter named `integration` (in
 * the path, or a query filter). Only these can be allowed by an integration scope — a `?integration=` on
 * any other operation is ignored by its handler and must not widen what a scope covers.
 */
export function integrationParameters(document: OpenApiDocument): Map<string, Where> {
  const out = new Map<string, Where>();
  const resolve = (p: unknown): { name?: string; in?: string } => {
    const ref = (p as { $ref?: string }).$ref;
    if (!ref) return p as { name?: string; in?: string };
    return ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], document) as { name?: string; in?: string };
  };
  for (const item of Object.values(document.paths)) {
    const shared = (item.parameters as unknown[] | undefined) ?? [];
    for (const op of Object.values(item)) {
      const { operationId, parameters = [] } = op as { operationId?: string; parameters?: unknown[] };
      if (!operationId) continue;
      const found = [...shared, ...parameters].map(resolve).find((p) => p.name === 'integration' && (p.in === 'path' || p.in === 'query'));
      if (found) out.set(operationId, found.in as Where);
    }
  }
  return out;
}

/**
 * A scoped token needs one of its scopes to cover the operation, on top of its role (checked before):
 * refused with 403 `insufficient-scope` naming the scopes that would. An unscoped token is its role alone.
 */
export function assertScopes(access: AccessControl, actor: Actor, route: Route, ctx: RequestContext, integrationIn: Where | undefined): void {
  if (!actor.scopes || !route.permission) return;
  const named = integrationIn === 'path' ? ctx.params.integration : integrationIn === 'query' ? ctx.query.get('integration') : undefined;
  const integration = named ? named : null;
  if (access.scopeAllows(actor.scopes, route.permission, actor.tenant, integration)) return;
  const covering = scopesCovering(route.permission, integration);
  throw new RuntimeProblem('insufficient-scope', `the token's scopes do not cover ${route.operationId}; it needs ${covering.join(' or ') || 'a scope no token has'}`, {
    requiredScopes: covering,
    scopes: actor.scopes,
  }, { 'www-authenticate': `Bearer realm="interlock", error="insufficient_scope", scope="${covering.join(' ')}"` });
}
