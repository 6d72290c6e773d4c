import type { Queryable } from '../store/database.js';
import { toIso, toNumber } from '../store/rows.js';
import type { TrustInputs, TrustPenalty } from './trust-score.js';

/** What the delivery log says about one integration over a window. */
export interface TrafficSummary {
  attempts: number;
  succeeded: number;
  serverErrors: number;
  latencyP95Ms: number | null;
}

export async function trafficOf(db: Queryable, integration: string, from: Date, to: Date): Promise<TrafficSummary> {
  const [row] = await db.query<{ attempts: unknown; succeeded: unknown; server_errors: unknown; p95: unknown }>(
    `SELECT count(*) AS attempts,
            count(*) FILTER (WHERE status BETWEEN 200 AND 299) AS succeeded,
            count(*) FILTER (WHERE status BETWEEN 500 AND 599) AS server_errors,
            percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95
     FROM delivery_attempts WHERE integration = $1 AND at > $2 AND at <= $3`,
    [integration, from, to],
  );
  return {
    attempts: toNumber(row.attempts),
    succeeded: toNumber(row.succeeded),
    serverErrors: toNumber(row.server_errors),
    latencyP95Ms: row.p95 === null || row.p95 === undefined ? null : toNumber(row.p95),
  };
}

/** The status of the newest attempt in the window (null: none, or no HTTP answer). */
export async function lastStatusOf(db: Queryable, integration: string, from: Date, to: Date): Promise<number | null> {
  const [row] = await db.query<{ status: unknown }>(`SELECT status FROM delivery_attempts WHERE integration = $1 AND at > $2 AND at <= $3 ORDER BY at DESC, attempt DESC LIMIT 1`, [integration, from, to]);
  return row?.status === null || row?.status === undefined ? null : toNumber(row.status);
}

/** Whether the integration's last recorded change was an out-of-band edit (drift from the applied commit). */
export async function driftOf(db: Queryable, integration: string): Promise<boolean> {
  const [row] = await db.query<{ action: string }>(`SELECT action FROM resource_history WHERE kind = 'Integration' AND name = $1 ORDER BY id DESC LIMIT 1`, [integration]);
  return row?.action === 'edit';
}

export interface TrustRecord {
  integration: string;
  at: string;
  score: number;
  inputs: TrustInputs;
  penalties: TrustPenalty[];
  /** The factors whose penalty grew since the previous score (empty when it did not drop). */
  drop: { factor: string; points: number }[];
}

export async function insertTrustScore(db: Queryable, r: TrustRecord): Promise<void> {
  await db.query(
    `INSERT INTO trust_scores (integration, at, score, inputs, reasons) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant_id, integration, at) DO UPDATE SET score = EXCLUDED.score, inputs = EXCLUDED.inputs, reasons = EXCLUDED.reasons`,
    [r.integration, r.at, r.score, JSON.stringify(r.inputs), JSON.stringify({ penalties: r.penalties, drop: r.drop })],
  );
}

interface Row {
  integration: string;
  at: unknown;
  score: unknown;
  inputs: string;
  reasons: string;
}

function record(r: Row): TrustRecord {
  const reasons = JSON.parse(r.reasons) as { penalties: TrustPenalty[]; drop: TrustRecord['drop'] };
  return { integration: r.integration, at: toIso(r.at), score: toNumber(r.score), inputs: JSON.parse(r.inputs) as TrustInputs, penalties: reasons.penalties, drop: reasons.drop };
}

/** The newest score of each integration. */
export async function latestTrustScores(db: Queryable): Promise<TrustRecord[]> {
  const rows = await db.query<Row>(
    `SELECT DISTINCT ON (integration) integration, at, score, inputs, reasons FROM trust_scores ORDER BY integration, at DESC`,
  );
  return rows.map(record);
}

/** One integration's scores, oldest first, newest `limit`. */
export async function trustHistory(db: Queryable, integration: string, limit: number): Promise<TrustRecord[]> {
  const rows = await db.query<Row>(`SELECT integration, at, score, inputs, reasons FROM trust_scores WHERE integration = $1 ORDER BY at DESC LIMIT $2`, [integration, limit]);
  return rows.map(record).reverse();
}
