import { openAlerts } from '../../monitor/alert-queries.js';
import { latestTrustScores, trustHistory } from '../../monitor/trust-queries.js';
import type { RequestContext, Route, RouteResponse } from '../route.js';
import { consolePage, signInPage, type ConsoleRow } from './console-page.js';

const HTML = 'text/html; charset=utf-8';
// No script runs and nothing loads from elsewhere: inline CSS and SVG only.
const HEADERS = { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'", 'cache-control': 'no-store' };

async function render(ctx: RequestContext, token: string): Promise<RouteResponse> {
  const { store, access } = ctx.services;
  const found = token ? await store.findToken(token, ctx.now) : null;
  if (!found) return { status: 401, text: signInPage('Unknown, expired or revoked token.'), contentType: HTML, headers: HEADERS };
  const read = { object: 'console', action: 'read' };
  if (!access.allows(found.role, read, found.tenant)) return { status: 403, text: signInPage(`Role ${found.role} may not read the console.`), contentType: HTML, headers: HEADERS };
  if (found.scopes && !access.scopeAllows(found.scopes, read, found.tenant, null)) return { status: 403, text: signInPage('The token’s scopes do not include console:read.'), contentType: HTML, headers: HEADERS };
  const state = await store.state();
  const vendors = new Map(state.resources.filter((r) => r.kind === 'Vendor').map((r) => [r.name, r.spec]));
  const scores = new Map((await latestTrustScores(store.db)).map((s) => [s.integration, s]));
  const canaries = new Map((ctx.services.delivery ? await ctx.services.delivery.canaries() : []).map((c) => [c.integration, c.percent]));
  const rows: ConsoleRow[] = [];
  for (const r of state.resources.filter((x) => x.kind === 'Integration')) {
    const vendor = typeof r.spec.vendor === 'string' ? r.spec.vendor : '—';
    rows.push({
      name: r.name,
      vendor,
      tier: String(vendors.get(vendor)?.riskTier ?? '—'),
      commit: r.commit ?? null,
      trust: scores.get(r.name) ?? null,
      history: await trustHistory(store.db, r.name, 48),
      canary: canaries.get(r.name) ?? null,
    });
  }
  return { status: 200, text: consolePage(`${found.role}:${found.id}`, state.commit, rows, await openAlerts(store.db)), contentType: HTML, headers: HEADERS };
}

/** `GET /console`: the sign-in form. */
export const getConsole: Route = {
  method: 'GET',
  path: '/console',
  operationId: 'getConsole',
  auth: 'public',
  async handle() {
    return { status: 200, text: signInPage(), contentType: HTML, headers: HEADERS };
  },
};

/** `POST /console` (form `token=`): the read-only overview for a token whose role may `console read`. */
export const postConsole: Route = {
  method: 'POST',
  path: '/console',
  operationId: 'signInConsole',
  auth: 'public',
  async handle(ctx) {
    const token = new URLSearchParams(ctx.rawBody.toString('utf8')).get('token') ?? '';
    return render(ctx, token.trim());
  },
};

export const consoleRoutes: Route[] = [getConsole, postConsole];
