import { appendAudit } from '../store/audit-log.js';
import type { Queryable } from '../store/database.js';
import { toIso } from '../store/rows.js';
import type { AttemptRecord } from './model.js';

export const DELIVERY_ACTOR = 'runtime:delivery';

export interface DisabledEndpoint {
  integration: string;
  variant: string;
  reason: string;
}

/**
 * Records a batch of finished attempts in one transaction: the attempt log, each delivery's new status,
 * each endpoint's health, and one audit entry naming every call made. An endpoint is disabled by a 410
 * or when it has failed without a single success for `disableAfterMs`; its pending deliveries are then
 * dead-lettered (replayable). A completion from before a replay (older generation) only lands in the log.
 */
export async function recordAttempts(tx: Queryable, records: readonly AttemptRecord[], opts: { now: Date; disableAfterMs: number }): Promise<DisabledEndpoint[]> {
  if (!records.length) return [];
  const statusOf = (r: AttemptRecord) => (r.outcome === 'delivered' ? 'delivered' : r.outcome === 'retry' ? 'pending' : 'dead');
  await tx.query(
    `INSERT INTO delivery_attempts (delivery_id, generation, attempt, integration, variant, at, status, error, latency_ms, outcome)
     SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::text[], $6::timestamptz[], $7::int[], $8::text[], $9::float8[], $10::text[])
     ON CONFLICT DO NOTHING`,
    [
      records.map((r) => r.deliveryId),
      records.map((r) => r.generation),
      records.map((r) => r.attempt),
      records.map((r) => r.integration),
      records.map((r) => r.variant),
      records.map((r) => r.at),
      records.map((r) => r.status),
      records.map((r) => r.error),
      records.map((r) => r.latencyMs),
      records.map((r) => r.outcome),
    ],
  );
  const finished = opts.now.toISOString();
  await tx.query(
    `UPDATE deliveries d SET status = u.status, attempts = u.attempt, next_attempt_at = u.next, last_status = u.code, last_error = u.err,
       locked_until = NULL, first_attempt_at = COALESCE(d.first_attempt_at, u.started),
       finished_at = CASE WHEN u.status = 'pending' THEN NULL ELSE $8::timestamptz END
     FROM unnest($1::text[], $2::int[], $3::text[], $4::int[], $5::timestamptz[], $6::int[], $7::text[], $9::timestamptz[]) AS u(id, gen, status, attempt, next, code, err, started)
     WHERE d.id = u.id AND d.generation = u.gen`,
    [
      records.map((r) => r.deliveryId),
      records.map((r) => r.generation),
      records.map(statusOf),
      records.map((r) => r.attempt),
      records.map((r) => r.nextAttemptAt),
      records.map((r) => r.status),
      records.map((r) => r.error),
      finished,
      records.map((r) => r.at),
    ],
  );

  // Endpoint health: the last attempt of the batch per endpoint decides.
  const last = new Map<string, AttemptRecord>();
  const gone = new Set<string>();
  for (const r of records) {
    const key = `${r.integration}\0${r.variant}`;
    last.set(key, r);
    if (r.outcome === 'disabled') gone.add(key);
  }
  const disabled: DisabledEndpoint[] = [];
  for (const [key, r] of last) {
    if (gone.has(key)) {
      disabled.push({ integration: r.integration, variant: r.variant, reason: 'endpoint answered 410 Gone' });
      continue;
    }
    if (r.outcome === 'delivered') {
      await tx.query(
        `INSERT INTO delivery_endpoints (integration, variant, last_success_at) VALUES ($1, $2, $3::timestamptz)
         ON CONFLICT (tenant_id, integration, variant) DO UPDATE SET last_success_at = excluded.last_success_at, failing_since = NULL`,
        [r.integration, r.variant, r.at],
      );
      continue;
    }
    const [row] = await tx.query<{ failing_since: unknown; disabled_at: unknown }>(
      `INSERT INTO delivery_endpoints (integration, variant, failing_since) VALUES ($1, $2, $3::timestamptz)
       ON CONFLICT (tenant_id, integration, variant) DO UPDATE SET failing_since = COALESCE(delivery_endpoints.failing_since, excluded.failing_since)
       RETURNING failing_since, disabled_at`,
      [r.integration, r.variant, r.at],
    );
    const since = new Date(toIso(row.failing_since)).getTime();
    if (row.disabled_at === null && opts.now.getTime() - since >= opts.disableAfterMs) {
      disabled.push({ integration: r.integration, variant: r.variant, reason: `only failures since ${toIso(row.failing_since)}` });
    }
  }
  for (const d of disabled) await disableEndpoint(tx, d, opts.now);

  await appendAudit(
    tx,
    {
      actor: DELIVERY_ACTOR,
      action: 'deliveries.attempted',
      target: null,
      data: { attempts: records.map((r) => [r.deliveryId, r.generation, r.attempt, r.integration, r.status, r.outcome]) },
    },
    opts.now,
  );
  return disabled;
}

export async function disableEndpoint(tx: Queryable, d: DisabledEndpoint, now: Date): Promise<number> {
  const at = now.toISOString();
  await tx.query(
    `INSERT INTO delivery_endpoints (integration, variant, disabled_at, disabled_reason) VALUES ($1, $2, $3::timestamptz, $4)
     ON CONFLICT (tenant_id, integration, variant) DO UPDATE SET disabled_at = excluded.disabled_at, disabled_reason = excluded.disabled_reason`,
    [d.integration, d.variant, at, d.reason],
  );
  const dead = await tx.query(
    `UPDATE deliveries SET status = 'dead', last_error = 'endpoint disabled', locked_until = NULL, finished_at = $3::timestamptz
     WHERE integration = $1 AND variant = $2 AND status = 'pending' RETURNING id`,
    [d.integration, d.variant, at],
  );
  await appendAudit(
    tx,
    { actor: DELIVERY_ACTOR, action: 'deliveries.endpoint-disabled', target: `Integration/${d.integration}`, data: { variant: d.variant, reason: d.reason, deadLettered: dead.length } },
    now,
  );
  return dead.length;
}
