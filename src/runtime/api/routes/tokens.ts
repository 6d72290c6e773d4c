import type { CreateTokenRequest, RotateTokenRequest, TokenView } from '../../../core/token-api.js';
import { unknownScopes } from '../../access/scopes.js';
import { RuntimeProblem } from '../../problem.js';
import type { RequestContext, Route } from '../route.js';
import { parseDateTime } from './delivery-body.js';

/** A future expiry from a body field, or a 400 saying why not. */
function expiry(ctx: RequestContext, text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const at = parseDateTime(text);
  if (!at) throw new RuntimeProblem('invalid-request', `/expiresAt: not a date-time from 1970 to 9999: ${JSON.stringify(text)}`, { errors: [{ pointer: '/expiresAt', message: 'invalid date-time' }] });
  if (at <= ctx.now) throw new RuntimeProblem('invalid-request', `/expiresAt: ${text} is not in the future`, { errors: [{ pointer: '/expiresAt', message: 'must be in the future' }] });
  return at;
}

/**
 * A tenant's token sees and manages its tenant's tokens only; another tenant's token is as unknown to it as
 * one that does not exist. A platform operator token (no tenant) manages every token.
 */
function visible(ctx: RequestContext, token: TokenView): boolean {
  return ctx.actor.tenant === null || token.tenant === ctx.actor.tenant;
}

async function assertVisible(ctx: RequestContext, id: string): Promise<void> {
  const token = (await ctx.services.store.listTokens()).find((t) => t.id === id);
  if (token && !visible(ctx, token)) throw new RuntimeProblem('not-found', `no token ${JSON.stringify(id)} (GET /v1/tokens lists them)`);
}

/** The new token's scopes: known ones, and — made by a scoped token — none its maker lacks (no token widens itself). */
function scopesOf(ctx: RequestContext, body: CreateTokenRequest): string[] | null {
  const unknown = unknownScopes(body.scopes ?? []);
  if (unknown.length) {
    throw new RuntimeProblem('invalid-request', `/scopes: unknown scope ${unknown.map((u) => JSON.stringify(u.scope)).join(', ')} (docs/runtime/scopes.md lists them)`, {
      errors: unknown.map((u) => ({ pointer: `/scopes/${u.index}`, message: 'unknown scope' })),
    });
  }
  const own = ctx.actor.scopes;
  if (own) {
    const wider = body.scopes ? body.scopes.filter((s) => !own.includes(s)) : ['(unscoped)'];
    if (wider.length) throw new RuntimeProblem('forbidden', `a scoped token may only create tokens within its own scopes; not ${wider.join(', ')}`, { scopes: own });
  }
  return body.scopes ?? null;
}

/** The new token's tenant: a tenant's token makes tokens of its own tenant only. */
function tenantOf(ctx: RequestContext, body: CreateTokenRequest): string | null {
  const own = ctx.actor.tenant;
  if (own !== null && body.tenant !== undefined && body.tenant !== own) throw new RuntimeProblem('forbidden', `a token of tenant ${own} may only create tokens of tenant ${own}`, { tenant: own });
  return own ?? body.tenant ?? null;
}

/** `GET /v1/tokens`: every token with its role, dates and last use; never a secret or a hash. */
export const listTokens: Route = {
  method: 'GET',
  path: '/v1/tokens',
  operationId: 'listTokens',
  auth: 'bearer',
  permission: { object: 'tokens', action: 'read' },
  target: () => 'tokens',
  async handle(ctx) {
    return { status: 200, body: { tokens: (await ctx.services.store.listTokens()).filter((t) => visible(ctx, t)) } };
  },
};

/** `POST /v1/tokens`: a new token for a role of the access policy (and a tenant, or none); the secret is in this answer only. */
export const createToken: Route = {
  method: 'POST',
  path: '/v1/tokens',
  operationId: 'createToken',
  auth: 'bearer',
  permission: { object: 'tokens', action: 'create' },
  target: () => 'tokens',
  async handle(ctx) {
    const body = ctx.body as CreateTokenRequest;
    const roles = ctx.services.access.roles();
    if (!roles.includes(body.role)) {
      throw new RuntimeProblem('invalid-request', `/role: unknown role ${JSON.stringify(body.role)}; roles: ${roles.join(', ')}`, { errors: [{ pointer: '/role', message: 'unknown role' }] });
    }
    const created = await ctx.services.store.createToken(
      body.role,
      ctx.now,
      { tenant: tenantOf(ctx, body), scopes: scopesOf(ctx, body), label: body.label ?? null, expiresAt: expiry(ctx, body.expiresAt) ?? null },
      ctx.audit({ status: 201 }),
    );
    return { status: 201, body: created, audited: true };
  },
};

/** `DELETE /v1/tokens/{id}`: revoked at once; the token is kept (listed as revoked) for the record. */
export const revokeToken: Route = {
  method: 'DELETE',
  path: '/v1/tokens/{id}',
  operationId: 'revokeToken',
  auth: 'bearer',
  permission: { object: 'tokens', action: 'revoke' },
  target: (ctx) => `tokens/${ctx.params.id}`,
  async handle(ctx) {
    await assertVisible(ctx, ctx.params.id);
    return { status: 200, body: await ctx.services.store.revokeToken(ctx.params.id, ctx.mutation(), ctx.audit({ status: 200 })), audited: true };
  },
};

/** `POST /v1/tokens/{id}/rotate`: a new secret for the same role; the old one lasts `overlapSeconds`. */
export const rotateToken: Route = {
  method: 'POST',
  path: '/v1/tokens/{id}/rotate',
  operationId: 'rotateToken',
  auth: 'bearer',
  permission: { object: 'tokens', action: 'rotate' },
  target: (ctx) => `tokens/${ctx.params.id}`,
  async handle(ctx) {
    const body = (ctx.body ?? {}) as RotateTokenRequest;
    await assertVisible(ctx, ctx.params.id);
    const expiresAt = expiry(ctx, body.expiresAt);
    const created = await ctx.services.store.rotateToken(
      ctx.params.id,
      { overlapSeconds: body.overlapSeconds ?? 0, ...(expiresAt ? { expiresAt } : {}) },
      ctx.mutation(),
      ctx.audit({ status: 201 }),
    );
    return { status: 201, body: created, audited: true };
  },
};

export const tokenRoutes: Route[] = [listTokens, createToken, revokeToken, rotateToken];
