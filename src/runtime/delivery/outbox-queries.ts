import type { Queryable } from '../store/database.js';
import type { AcceptedEvent } from './model.js';
import type { RoutedDelivery } from './routing.js';
import { newId } from './ids.js';

export interface AcceptOutcome {
  eventId: string;
  /** True when the idempotency key was seen before: nothing new was stored. */
  duplicate: boolean;
  deliveries: { id: string; integration: string; variant: string }[];
}

/**
 * The transactional outbox: the event and all its deliveries are inserted in the caller's transaction,
 * so an accepted event always has its deliveries (and vice versa), whatever happens to the process after
 * the commit. A repeated idempotency key returns the first event and stores nothing.
 */
export async function insertEvent(
  tx: Queryable,
  event: AcceptedEvent,
  routed: readonly RoutedDelivery[],
  disabled: ReadonlySet<string>,
): Promise<AcceptOutcome> {
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO events (id, type, data, idempotency_key, source, accepted_at) VALUES ($1, $2, $3, $4, $5, $6::timestamptz)
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [event.id, event.type, JSON.stringify(event.data ?? null), event.idempotencyKey, event.source, event.acceptedAt],
  );
  if (!inserted.length) {
    const [first] = await tx.query<{ id: string }>('SELECT id FROM events WHERE idempotency_key = $1', [event.idempotencyKey]);
    const rows = await tx.query<{ id: string; integration: string; variant: string }>(
      'SELECT id, integration, variant FROM deliveries WHERE event_id = $1 ORDER BY integration',
      [first.id],
    );
    return { eventId: first.id, duplicate: true, deliveries: rows };
  }
  if (!routed.length) return { eventId: event.id, duplicate: false, deliveries: [] };
  const ids = routed.map(() => newId('msg_'));
  // A delivery to a disabled endpoint is recorded (so it can be replayed once the endpoint is back) but dead.
  const dead = routed.map((r) => disabled.has(endpointKey(r.integration, r.variant)));
  await tx.query(
    `INSERT INTO deliveries (id, event_id, integration, variant, target, body, status, next_attempt_at, last_error, created_at, finished_at)
     SELECT u.id, $1, u.integration, u.variant, u.target, u.body,
            CASE WHEN u.dead THEN 'dead' ELSE 'pending' END,
            CASE WHEN u.dead THEN NULL ELSE $2::timestamptz END,
            CASE WHEN u.dead THEN 'endpoint disabled' ELSE NULL END,
            $2::timestamptz,
            CASE WHEN u.dead THEN $2::timestamptz ELSE NULL END
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bool[]) AS u(id, integration, variant, target, body, dead)`,
    [
      event.id,
      event.acceptedAt,
      ids,
      routed.map((r) => r.integration),
      routed.map((r) => r.variant),
      routed.map((r) => JSON.stringify(r.target)),
      routed.map((r) => r.body),
      dead,
    ],
  );
  return { eventId: event.id, duplicate: false, deliveries: routed.map((r, i) => ({ id: ids[i], integration: r.integration, variant: r.variant })) };
}

export function endpointKey(integration: string, variant: string): string {
  return `${integration}\0${variant}`;
}

export async function readDisabledEndpoints(db: Queryable): Promise<Set<string>> {
  const rows = await db.query<{ integration: string; variant: string }>('SELECT integration, variant FROM delivery_endpoints WHERE disabled_at IS NOT NULL');
  return new Set(rows.map((r) => endpointKey(r.integration, r.variant)));
}
