import type { AlertStatus, TrustView } from '../../../core/monitor-api.js';
import { monthRange, previousMonth } from '../../../core/monthly-report-api.js';
import { monthlySummary } from '../../monitor/monthly-summary.js';
import { vendorSpecs } from '../../monitor/vendor-spec/vendor-spec-queries.js';
import { listAlerts } from '../../monitor/alert-queries.js';
import type { Monitor } from '../../monitor/monitor.js';
import { latestTrustScores, trustHistory, type TrustRecord } from '../../monitor/trust-queries.js';
import { RuntimeProblem } from '../../problem.js';
import type { RequestContext, Route } from '../route.js';
import { integerQuery } from './params.js';

const read = { object: 'monitor', action: 'read' };

function monitorOf(ctx: RequestContext): Monitor {
  if (!ctx.services.monitor) throw new RuntimeProblem('not-found', 'this runtime runs without a monitor');
  return ctx.services.monitor;
}

async function trustView(ctx: RequestContext, latest: TrustRecord, historyLimit: number): Promise<TrustView> {
  const history = await trustHistory(ctx.services.store.db, latest.integration, historyLimit);
  return { integration: latest.integration, score: latest.score, at: latest.at, inputs: { ...latest.inputs }, penalties: latest.penalties, drop: latest.drop, history: history.map((h) => ({ at: h.at, score: h.score })) };
}

/** `GET /v1/trust`: every connector's latest trust score with its inputs, penalties, last drop and recent history. */
export const listTrustScores: Route = {
  method: 'GET',
  path: '/v1/trust',
  operationId: 'listTrustScores',
  auth: 'bearer',
  permission: read,
  target: () => 'trust',
  async handle(ctx) {
    monitorOf(ctx);
    const limit = integerQuery(ctx, 'history', 48, { min: 0, max: 1000 });
    const latest = await latestTrustScores(ctx.services.store.db);
    return { status: 200, body: { integrations: await Promise.all(latest.map((l) => trustView(ctx, l, limit))) } };
  },
};

/** `GET /v1/alerts?status=open|resolved|all`: alerts, newest first. */
export const listAlertsRoute: Route = {
  method: 'GET',
  path: '/v1/alerts',
  operationId: 'listAlerts',
  auth: 'bearer',
  permission: read,
  target: () => 'alerts',
  async handle(ctx) {
    monitorOf(ctx);
    const status = ctx.query.get('status') ?? 'open';
    if (!['open', 'resolved', 'all'].includes(status)) {
      throw new RuntimeProblem('invalid-request', 'status must be open, resolved or all', { errors: [{ pointer: '/status', message: 'must be open, resolved or all' }] });
    }
    const limit = integerQuery(ctx, 'limit', 100, { min: 1, max: 1000 });
    return { status: 200, body: { alerts: await listAlerts(ctx.services.store.db, status as AlertStatus | 'all', limit) } };
  },
};

/** `GET /v1/reports/monthly?month=YYYY-MM`: the monthly summary from recorded data (default: last month). */
export const getMonthlySummary: Route = {
  method: 'GET',
  path: '/v1/reports/monthly',
  operationId: 'getMonthlySummary',
  auth: 'bearer',
  permission: read,
  target: () => 'reports',
  async handle(ctx) {
    monitorOf(ctx);
    const now = ctx.services.clock();
    const month = ctx.query.get('month') ?? previousMonth(now);
    if (!monthRange(month)) throw new RuntimeProblem('invalid-request', 'month must be YYYY-MM', { errors: [{ pointer: '/month', message: 'must be YYYY-MM, e.g. 2026-11' }] });
    return { status: 200, body: await monthlySummary(ctx.services.store, month, now) };
  },
};

/** `GET /v1/vendor-specs`: what the vendor spec drift check last saw of each watched contract's published description. */
export const listVendorSpecs: Route = {
  method: 'GET',
  path: '/v1/vendor-specs',
  operationId: 'listVendorSpecs',
  auth: 'bearer',
  permission: read,
  target: () => 'vendor-specs',
  async handle(ctx) {
    monitorOf(ctx);
    return { status: 200, body: { contracts: await vendorSpecs(ctx.services.store.db) } };
  },
};

export const monitorRoutes: Route[] = [listTrustScores, listAlertsRoute, getMonthlySummary, listVendorSpecs];
