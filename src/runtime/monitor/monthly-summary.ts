import { monthRange, type CallFigures, type ExpiringItem, type MonthlyIntegration, type MonthlySummary } from '../../core/monthly-report-api.js';
import type { Queryable } from '../store/database.js';
import { toNumber } from '../store/rows.js';
import type { Store } from '../store/store.js';
import { EXPIRY_NOTICE_DAYS } from './rules/expiring-evidence.js';
import { vendorEvidence } from './vendor-evidence.js';

const CALLS = `SELECT integration, status, latency_ms FROM delivery_attempts WHERE at >= $1 AND at < $2
  UNION ALL SELECT integration, status, latency_ms FROM action_attempts WHERE at >= $1 AND at < $2`;
const CALL_FIGURES = `count(*) AS attempts,
  count(*) FILTER (WHERE status BETWEEN 200 AND 299) AS succeeded,
  count(*) FILTER (WHERE status BETWEEN 400 AND 499) AS client_errors,
  count(*) FILTER (WHERE status BETWEEN 500 AND 599) AS server_errors,
  count(*) FILTER (WHERE status IS NULL) AS no_answer,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
  percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99`;

interface CallRow {
  integration?: string;
  attempts: unknown;
  succeeded: unknown;
  client_errors: unknown;
  server_errors: unknown;
  no_answer: unknown;
  p50: unknown;
  p99: unknown;
}

const ratio = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);
const ms = (v: unknown) => (v === null || v === undefined ? null : Math.round(toNumber(v) * 10) / 10);

function figures(r: CallRow | undefined): CallFigures {
  const attempts = r ? toNumber(r.attempts) : 0;
  const succeeded = r ? toNumber(r.succeeded) : 0;
  const serverErrors = r ? toNumber(r.server_errors) : 0;
  return {
    attempts,
    succeeded,
    clientErrors: r ? toNumber(r.client_errors) : 0,
    serverErrors,
    noAnswer: r ? toNumber(r.no_answer) : 0,
    availability: ratio(succeeded, attempts),
    errorRate: ratio(serverErrors, attempts),
    latencyP50Ms: r ? ms(r.p50) : null,
    latencyP99Ms: r ? ms(r.p99) : null,
  };
}

type AlertCounts = MonthlyIntegration['alerts'];
const noAlerts = (): AlertCounts => ({ raised: 0, resolved: 0, sev1: 0, sev2: 0, sev3: 0 });

async function alertCounts(db: Queryable, from: Date, to: Date): Promise<{ byIntegration: Map<string, AlertCounts>; overall: AlertCounts }> {
  const rows = await db.query<{ integration: string | null; severity: string; raised: unknown; resolved: unknown }>(
    `SELECT integration, severity,
            count(*) FILTER (WHERE opened_at >= $1 AND opened_at < $2) AS raised,
            count(*) FILTER (WHERE resolved_at >= $1 AND resolved_at < $2) AS resolved
     FROM alerts WHERE (opened_at >= $1 AND opened_at < $2) OR (resolved_at >= $1 AND resolved_at < $2)
     GROUP BY integration, severity`,
    [from, to],
  );
  const byIntegration = new Map<string, AlertCounts>();
  const overall = noAlerts();
  for (const r of rows) {
    const targets = [overall, ...(r.integration ? [byIntegration.get(r.integration) ?? byIntegration.set(r.integration, noAlerts()).get(r.integration)!] : [])];
    for (const t of targets) {
      t.raised += toNumber(r.raised);
      t.resolved += toNumber(r.resolved);
      if (r.severity === 'sev-1' || r.severity === 'sev-2' || r.severity === 'sev-3') t[r.severity.replace('-', '') as 'sev1' | 'sev2' | 'sev3'] += toNumber(r.raised);
    }
  }
  return { byIntegration, overall };
}

async function trustTrends(db: Queryable, from: Date, to: Date): Promise<Map<string, MonthlyIntegration['trust']>> {
  const daily = await db.query<{ integration: string; day: string; score: unknown; lo: unknown; hi: unknown }>(
    `SELECT integration, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, avg(score) AS score, min(score) AS lo, max(score) AS hi
     FROM trust_scores WHERE at >= $1 AND at < $2 GROUP BY integration, day ORDER BY integration, day`,
    [from, to],
  );
  const ends = await db.query<{ integration: string; first: unknown; last: unknown }>(
    `SELECT f.integration, f.score AS first, l.score AS last FROM
       (SELECT DISTINCT ON (integration) integration, score FROM trust_scores WHERE at >= $1 AND at < $2 ORDER BY integration, at) f
       JOIN (SELECT DISTINCT ON (integration) integration, score FROM trust_scores WHERE at >= $1 AND at < $2 ORDER BY integration, at DESC) l USING (integration)`,
    [from, to],
  );
  const out = new Map<string, MonthlyIntegration['trust']>();
  for (const e of ends) out.set(e.integration, { first: toNumber(e.first), last: toNumber(e.last), min: null, max: null, daily: [] });
  for (const d of daily) {
    const t = out.get(d.integration);
    if (!t) continue;
    t.daily.push({ day: d.day, score: Math.round(toNumber(d.score)) });
    t.min = Math.min(t.min ?? 100, toNumber(d.lo));
    t.max = Math.max(t.max ?? 0, toNumber(d.hi));
  }
  return out;
}

/**
 * The monthly summary from what the runtime recorded (the Risk-Assessment & Management Programme's input): per
 * applied integration its trust score trend, alerts raised and resolved, calls and errors with p50/p99 latency
 * (delivery attempts and action calls), erasure steps and changes; overall figures, erasure requests, the
 * commits applied; and vendor evidence running out within 30 days of the month's end. Pure reads; `now` is only
 * stamped as `generatedAt`.
 */
export async function monthlySummary(store: Store, month: string, now: Date): Promise<MonthlySummary> {
  const range = monthRange(month);
  if (!range) throw new Error(`not a month: ${month}`);
  const { from, to } = range;
  const db = store.db;
  const state = await store.state();
  const integrations = state.resources.filter((r) => r.kind === 'Integration');
  const calls = new Map((await db.query<CallRow & { integration: string }>(`SELECT integration, ${CALL_FIGURES} FROM (${CALLS}) c GROUP BY integration`, [from, to])).map((r) => [r.integration, r]));
  const [overallCalls] = await db.query<CallRow>(`SELECT ${CALL_FIGURES} FROM (${CALLS}) c`, [from, to]);
  const alerts = await alertCounts(db, from, to);
  const trust = await trustTrends(db, from, to);
  const erasures = new Map(
    (
      await db.query<{ integration: string; steps: unknown; done: unknown; failed: unknown }>(
        `SELECT s.integration, count(*) AS steps, count(*) FILTER (WHERE s.state = 'done') AS done, count(*) FILTER (WHERE s.state = 'failed') AS failed
         FROM erasure_steps s JOIN erasure_requests r ON r.id = s.request_id WHERE r.created_at >= $1 AND r.created_at < $2 GROUP BY s.integration`,
        [from, to],
      )
    ).map((r) => [r.integration, { steps: toNumber(r.steps), done: toNumber(r.done), failed: toNumber(r.failed), open: toNumber(r.steps) - toNumber(r.done) - toNumber(r.failed) }]),
  );
  const [requests] = await db.query<{ received: unknown; closed: unknown; overdue: unknown }>(
    `SELECT count(*) FILTER (WHERE created_at >= $1 AND created_at < $2) AS received,
            count(*) FILTER (WHERE closed_at >= $1 AND closed_at < $2) AS closed,
            count(*) FILTER (WHERE deadline >= $1 AND deadline < $2 AND (closed_at IS NULL OR closed_at > deadline)) AS overdue
     FROM erasure_requests`,
    [from, to],
  );
  const history = await db.query<{ kind: string; name: string; commit: string | null }>(`SELECT kind, name, commit FROM resource_history WHERE at >= $1 AND at < $2`, [from, to]);
  const changesOf = (name: string) => history.filter((h) => h.kind === 'Integration' && h.name === name).length;
  const vendorOf = (spec: Record<string, unknown>) => (typeof spec.vendor === 'string' ? spec.vendor : null);
  return {
    month,
    from: from.toISOString(),
    to: to.toISOString(),
    generatedAt: now.toISOString(),
    integrations: integrations
      .map((i): MonthlyIntegration => ({
        integration: i.name,
        vendor: vendorOf(i.spec),
        trust: trust.get(i.name) ?? { first: null, last: null, min: null, max: null, daily: [] },
        alerts: alerts.byIntegration.get(i.name) ?? noAlerts(),
        calls: figures(calls.get(i.name)),
        erasures: erasures.get(i.name) ?? { steps: 0, done: 0, failed: 0, open: 0 },
        changes: changesOf(i.name),
      }))
      .sort((a, b) => (a.integration < b.integration ? -1 : 1)),
    overall: {
      calls: figures(overallCalls),
      alerts: alerts.overall,
      erasureRequests: { received: toNumber(requests.received), closed: toNumber(requests.closed), overdue: toNumber(requests.overdue) },
      changes: { entries: history.length, commits: [...new Set(history.map((h) => h.commit).filter((c): c is string => !!c))].sort() },
    },
    expiring: expiringAfter(state.resources.filter((r) => r.kind === 'Vendor'), to),
  };
}

function expiringAfter(vendors: readonly { name: string; spec: Record<string, unknown> }[], end: Date): ExpiringItem[] {
  const out: ExpiringItem[] = [];
  for (const v of vendors) {
    for (const e of vendorEvidence(v.spec)) {
      const days = Math.floor((Date.parse(e.expires) - end.getTime()) / 86_400_000);
      if (days <= EXPIRY_NOTICE_DAYS) out.push({ vendor: v.name, document: e.document, expires: e.expires, days });
    }
  }
  return out.sort((a, b) => a.expires.localeCompare(b.expires) || a.vendor.localeCompare(b.vendor));
}
