import type { AlertRouteResult, AlertStatus, AlertView } from '../../core/monitor-api.js';
import type { Queryable } from '../store/database.js';
import { toIso, toIsoOrNull } from '../store/rows.js';
import type { Firing } from './rules/rule.js';

interface Row {
  id: string;
  dedupe_key: string;
  rule: string;
  severity: string;
  integration: string | null;
  status: string;
  summary: string;
  data: string;
  opened_at: unknown;
  last_seen_at: unknown;
  resolved_at: unknown;
  routes: string;
}

const COLUMNS = 'id, dedupe_key, rule, severity, integration, status, summary, data, opened_at, last_seen_at, resolved_at, routes';

function view(r: Row): AlertView {
  return {
    id: r.id,
    dedupeKey: r.dedupe_key,
    rule: r.rule,
    severity: r.severity as AlertView['severity'],
    integration: r.integration,
    status: r.status as AlertStatus,
    summary: r.summary,
    data: JSON.parse(r.data) as Record<string, unknown>,
    openedAt: toIso(r.opened_at),
    lastSeenAt: toIso(r.last_seen_at),
    resolvedAt: toIsoOrNull(r.resolved_at),
    routes: JSON.parse(r.routes) as AlertRouteResult[],
  };
}

export async function openAlerts(db: Queryable): Promise<AlertView[]> {
  return (await db.query<Row>(`SELECT ${COLUMNS} FROM alerts WHERE status = 'open' ORDER BY opened_at, id`)).map(view);
}

/** Newest first; `status` filters. */
export async function listAlerts(db: Queryable, status: AlertStatus | 'all', limit: number): Promise<AlertView[]> {
  const rows = await db.query<Row>(
    `SELECT ${COLUMNS} FROM alerts ${status === 'all' ? '' : 'WHERE status = $2'} ORDER BY opened_at DESC, id DESC LIMIT $1`,
    status === 'all' ? [limit] : [limit, status],
  );
  return rows.map(view);
}

/** Opens an alert unless one with its key is already open (then only `last_seen_at` moves); returns the new one. */
export async function openAlert(db: Queryable, id: string, f: Firing, now: Date): Promise<AlertView | null> {
  const rows = await db.query<Row>(
    `INSERT INTO alerts (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $8, NULL, '[]')
     ON CONFLICT (tenant_id, dedupe_key) WHERE status = 'open' DO NOTHING RETURNING ${COLUMNS}`,
    [id, f.dedupeKey, f.rule, f.severity, f.integration, f.summary, JSON.stringify(f.data), now],
  );
  if (rows.length) return view(rows[0]);
  await db.query(`UPDATE alerts SET last_seen_at = $2, data = $3 WHERE dedupe_key = $1 AND status = 'open'`, [f.dedupeKey, now, JSON.stringify(f.data)]);
  return null;
}

export async function resolveAlert(db: Queryable, id: string, now: Date): Promise<AlertView | null> {
  const rows = await db.query<Row>(`UPDATE alerts SET status = 'resolved', resolved_at = $2 WHERE id = $1 AND status = 'open' RETURNING ${COLUMNS}`, [id, now]);
  return rows.length ? view(rows[0]) : null;
}

export async function addAlertRoutes(db: Queryable, id: string, results: AlertRouteResult[]): Promise<void> {
  const [row] = await db.query<{ routes: string }>('SELECT routes FROM alerts WHERE id = $1', [id]);
  if (!row) return;
  await db.query('UPDATE alerts SET routes = $2 WHERE id = $1', [id, JSON.stringify([...(JSON.parse(row.routes) as AlertRouteResult[]), ...results])]);
}

/** Sev-1/Sev-2 alerts opened for an integration since `from` (the trust score's incidents). */
export async function incidentsSince(db: Queryable, integration: string, from: Date): Promise<number> {
  const [row] = await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM alerts WHERE integration = $1 AND severity IN ('sev-1', 'sev-2') AND opened_at > $2`, [integration, from]);
  return Number(row.n);
}
