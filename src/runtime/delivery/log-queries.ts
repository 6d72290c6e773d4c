import type { Queryable } from '../store/database.js';
import { toIso, toIsoOrNull, toNumber } from '../store/rows.js';
import type { AttemptOutcome, AttemptView, DeliveryStats, DeliveryStatus, DeliveryView, ReplayResult, Variant, VariantStats } from '../../core/delivery-api.js';

export type { AttemptView, DeliveryStats, DeliveryView, ReplayResult, VariantStats } from '../../core/delivery-api.js';

export interface DeliveryFilter {
  integration?: string;
  status?: DeliveryStatus;
  eventId?: string;
  /** Only deliveries created before this id (paging backwards in time). */
  before?: string;
  limit: number;
}

interface Row {
  id: string;
  event_id: string;
  type: string;
  integration: string;
  variant: string;
  status: string;
  attempts: unknown;
  created_at: unknown;
  first_attempt_at: unknown;
  finished_at: unknown;
  next_attempt_at: unknown;
  last_status: unknown;
  last_error: string | null;
}

/** Newest first, each with its attempts in order. */
export async function listDeliveries(db: Queryable, f: DeliveryFilter): Promise<{ deliveries: DeliveryView[]; next: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (f.integration) add('d.integration = ?', f.integration);
  if (f.status) add('d.status = ?', f.status);
  if (f.eventId) add('d.event_id = ?', f.eventId);
  if (f.before) add('d.id < ?', f.before);
  params.push(f.limit + 1);
  const rows = await db.query<Row>(
    `SELECT d.id, d.event_id, e.type, d.integration, d.variant, d.status, d.attempts, d.created_at, d.first_attempt_at, d.finished_at,
            d.next_attempt_at, d.last_status, d.last_error
     FROM deliveries d JOIN events e ON e.id = d.event_id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY d.id DESC LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, f.limit);
  const attempts = page.length
    ? await db.query<{ delivery_id: string; generation: unknown; attempt: unknown; at: unknown; status: unknown; error: string | null; latency_ms: unknown; outcome: string }>(
        `SELECT delivery_id, generation, attempt, at, status, error, latency_ms, outcome FROM delivery_attempts
         WHERE delivery_id = ANY($1::text[]) ORDER BY generation, attempt`,
        [page.map((r) => r.id)],
      )
    : [];
  const byDelivery = new Map<string, AttemptView[]>();
  for (const a of attempts) {
    const list = byDelivery.get(a.delivery_id) ?? [];
    list.push({
      attempt: toNumber(a.attempt),
      generation: toNumber(a.generation),
      at: toIso(a.at),
      status: a.status === null ? null : toNumber(a.status),
      error: a.error,
      latencyMs: toNumber(a.latency_ms),
      outcome: a.outcome as AttemptOutcome,
    });
    byDelivery.set(a.delivery_id, list);
  }
  return {
    deliveries: page.map((r) => ({
      id: r.id,
      eventId: r.event_id,
      eventType: r.type,
      integration: r.integration,
      variant: r.variant as Variant,
      status: r.status as DeliveryStatus,
      attempts: toNumber(r.attempts),
      createdAt: toIso(r.created_at),
      firstAttemptAt: toIsoOrNull(r.first_attempt_at),
      finishedAt: toIsoOrNull(r.finished_at),
      nextAttemptAt: r.status === 'pending' ? toIsoOrNull(r.next_attempt_at) : null,
      lastStatus: r.last_status === null ? null : toNumber(r.last_status),
      lastError: r.last_error,
      log: byDelivery.get(r.id) ?? [],
    })),
    next: rows.length > f.limit ? page[page.length - 1].id : null,
  };
}

/**
 * Puts deliveries back at the start of the schedule with a new generation (so the bus treats them as new
 * messages) and re-enables their endpoints: a replay is the operator saying the receiver is back.
 */
export async function replayDeliveries(tx: Queryable, sel: { id: string } | { since: Date; integration?: string }, now: Date): Promise<ReplayResult> {
  const at = now.toISOString();
  const rows =
    'id' in sel
      ? await tx.query<{ id: string; integration: string; variant: string }>(
          `UPDATE deliveries SET status = 'pending', attempts = 0, generation = generation + 1, next_attempt_at = $2::timestamptz,
             locked_until = NULL, published = false, finished_at = NULL
           WHERE id = $1 AND status <> 'pending' RETURNING id, integration, variant`,
          [sel.id, at],
        )
      : await tx.query<{ id: string; integration: string; variant: string }>(
          `UPDATE deliveries SET status = 'pending', attempts = 0, generation = generation + 1, next_attempt_at = $2::timestamptz,
             locked_until = NULL, published = false, finished_at = NULL
           WHERE status = 'dead' AND created_at >= $1::timestamptz ${sel.integration ? 'AND integration = $3' : ''}
           RETURNING id, integration, variant`,
          sel.integration ? [sel.since.toISOString(), at, sel.integration] : [sel.since.toISOString(), at],
        );
  const endpoints = new Map(rows.map((r) => [`${r.integration}\0${r.variant}`, r]));
  for (const r of endpoints.values()) {
    await tx.query(
      `UPDATE delivery_endpoints SET disabled_at = NULL, disabled_reason = NULL, failing_since = NULL WHERE integration = $1 AND variant = $2`,
      [r.integration, r.variant],
    );
  }
  return { replayed: rows.sort((a, b) => (a.id < b.id ? -1 : 1)) };
}

export async function deliveryStatus(db: Queryable, id: string): Promise<DeliveryStatus | null> {
  const [row] = await db.query<{ status: string }>('SELECT status FROM deliveries WHERE id = $1', [id]);
  return row ? (row.status as DeliveryStatus) : null;
}

const EMPTY: VariantStats = { attempts: 0, failures: 0, errorRate: 0, deliveries: 0, failedDeliveries: 0, p50LatencyMs: null, p99LatencyMs: null };

/** Error rate and latency of an integration's attempts over the last window, per variant (the canary signal). */
export async function deliveryStats(db: Queryable, integration: string, windowSeconds: number, now: Date): Promise<DeliveryStats> {
  const since = new Date(now.getTime() - windowSeconds * 1000).toISOString();
  const rows = await db.query<{ variant: string; attempts: unknown; failures: unknown; p50: unknown; p99: unknown }>(
    `SELECT COALESCE(variant, 'total') AS variant, count(*) AS attempts, count(*) FILTER (WHERE outcome <> 'delivered') AS failures,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms) AS p99
     FROM delivery_attempts WHERE integration = $1 AND at >= $2::timestamptz
     GROUP BY ROLLUP (variant)`,
    [integration, since],
  );
  const perDelivery = await db.query<{ variant: string; deliveries: unknown; failed: unknown }>(
    `SELECT COALESCE(variant, 'total') AS variant, count(*) AS deliveries, count(*) FILTER (WHERE NOT ok) AS failed
     FROM (SELECT variant, delivery_id, generation, bool_or(outcome = 'delivered') AS ok
           FROM delivery_attempts WHERE integration = $1 AND at >= $2::timestamptz GROUP BY variant, delivery_id, generation) d
     GROUP BY ROLLUP (variant)`,
    [integration, since],
  );
  const stat = (name: string): VariantStats => {
    const r = rows.find((x) => x.variant === name);
    if (!r) return { ...EMPTY };
    const d = perDelivery.find((x) => x.variant === name);
    const attempts = toNumber(r.attempts);
    const failures = toNumber(r.failures);
    const deliveries = d ? toNumber(d.deliveries) : 0;
    const failedDeliveries = d ? toNumber(d.failed) : 0;
    return {
      attempts,
      failures,
      errorRate: deliveries ? failedDeliveries / deliveries : 0,
      deliveries,
      failedDeliveries,
      p50LatencyMs: r.p50 === null ? null : toNumber(r.p50),
      p99LatencyMs: r.p99 === null ? null : toNumber(r.p99),
    };
  };
  const endpoints = await db.query<{ variant: string; disabled_at: unknown; disabled_reason: string | null; failing_since: unknown }>(
    'SELECT variant, disabled_at, disabled_reason, failing_since FROM delivery_endpoints WHERE integration = $1 ORDER BY variant',
    [integration],
  );
  return {
    integration,
    windowSeconds,
    since,
    total: stat('total'),
    variants: { stable: stat('stable'), canary: stat('canary') },
    endpoints: endpoints.map((e) => ({ variant: e.variant, disabledAt: toIsoOrNull(e.disabled_at), disabledReason: e.disabled_reason, failingSince: toIsoOrNull(e.failing_since) })),
  };
}
