import { payloadsOf, type Queryable } from '../store/database.js';
import type { AcceptedEvent } from './model.js';
import type { RoutedDelivery } from './routing.js';
import { newId } from './ids.js';

/** Event data is sealed under one data key for the runtime (an event is not one integration's); bodies per integration. */
export const EVENTS_SCOPE = 'events';

export type { AcceptOutcome } from '../../core/delivery-api.js';
import type { AcceptOutcome } from '../../core/delivery-api.js';

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
     ON CONFLICT (tenant_id, idempotency_key) DO NOTHING RETURNING id`,
    [event.id, event.type, payloadsOf(tx).seal(EVENTS_SCOPE, JSON.stringify(event.data ?? null)), event.idempotencyKey, event.source, event.acceptedAt],
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
      routed.map((r) => payloadsOf(tx).seal(r.integration, r.body)),
      dead,
    ],
  );
  return { eventId: event.id, duplicate: false, deliveries: routed.map((r, i) => ({ id: ids[i], integration: r.integration, variant: r.variant })) };
}

export interface AcceptItem {
  event: AcceptedEvent;
  routed: readonly RoutedDelivery[];
}

/**
 * The outbox insert for many events at once (group commit): one statement for the events, one for all
 * their deliveries. An event whose idempotency key exists (before or earlier in the same batch) stores
 * nothing and is answered with the first event and its deliveries.
 */
export async function insertEvents(tx: Queryable, items: readonly AcceptItem[], disabled: ReadonlySet<string>): Promise<AcceptOutcome[]> {
  const inserted = new Set(
    (
      await tx.query<{ id: string }>(
        `INSERT INTO events (id, type, data, idempotency_key, source, accepted_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
         ON CONFLICT (tenant_id, idempotency_key) DO NOTHING RETURNING id`,
        [
          items.map((i) => i.event.id),
          items.map((i) => i.event.type),
          items.map((i) => payloadsOf(tx).seal(EVENTS_SCOPE, JSON.stringify(i.event.data ?? null))),
          items.map((i) => i.event.idempotencyKey),
          items.map((i) => i.event.source),
          items.map((i) => i.event.acceptedAt),
        ],
      )
    ).map((r) => r.id),
  );
  const fresh = items.filter((i) => inserted.has(i.event.id));
  const rows = fresh.flatMap((i) => i.routed.map((r) => ({ item: i, r, id: newId('msg_'), dead: disabled.has(endpointKey(r.integration, r.variant)) })));
  if (rows.length) {
    await tx.query(
      `INSERT INTO deliveries (id, event_id, integration, variant, target, body, status, next_attempt_at, last_error, created_at, finished_at)
       SELECT u.id, u.event_id, u.integration, u.variant, u.target, u.body,
              CASE WHEN u.dead THEN 'dead' ELSE 'pending' END,
              CASE WHEN u.dead THEN NULL ELSE u.at END,
              CASE WHEN u.dead THEN 'endpoint disabled' ELSE NULL END,
              u.at,
              CASE WHEN u.dead THEN u.at ELSE NULL END
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::timestamptz[]) AS u(id, event_id, integration, variant, target, body, dead, at)`,
      [
        rows.map((x) => x.id),
        rows.map((x) => x.item.event.id),
        rows.map((x) => x.r.integration),
        rows.map((x) => x.r.variant),
        rows.map((x) => JSON.stringify(x.r.target)),
        rows.map((x) => payloadsOf(tx).seal(x.r.integration, x.r.body)),
        rows.map((x) => x.dead),
        rows.map((x) => x.item.event.acceptedAt),
      ],
    );
  }
  const byEvent = new Map<string, AcceptOutcome['deliveries']>();
  for (const x of rows) {
    const list = byEvent.get(x.item.event.id) ?? [];
    list.push({ id: x.id, integration: x.r.integration, variant: x.r.variant });
    byEvent.set(x.item.event.id, list);
  }
  const duplicates = items.filter((i) => !inserted.has(i.event.id));
  const firstByKey = new Map<string, string>();
  if (duplicates.length) {
    const keys = duplicates.map((d) => d.event.idempotencyKey);
    for (const r of await tx.query<{ id: string; idempotency_key: string }>('SELECT id, idempotency_key FROM events WHERE idempotency_key = ANY($1::text[])', [keys])) {
      firstByKey.set(r.idempotency_key, r.id);
    }
    const missing = [...new Set(firstByKey.values())].filter((id) => !byEvent.has(id));
    if (missing.length) {
      for (const d of await tx.query<{ id: string; event_id: string; integration: string; variant: string }>(
        'SELECT id, event_id, integration, variant FROM deliveries WHERE event_id = ANY($1::text[]) ORDER BY integration',
        [missing],
      )) {
        const list = byEvent.get(d.event_id) ?? [];
        list.push({ id: d.id, integration: d.integration, variant: d.variant });
        byEvent.set(d.event_id, list);
      }
    }
  }
  return items.map((i) => {
    if (inserted.has(i.event.id)) return { eventId: i.event.id, duplicate: false, deliveries: byEvent.get(i.event.id) ?? [] };
    const first = firstByKey.get(i.event.idempotencyKey!)!;
    return { eventId: first, duplicate: true, deliveries: [...(byEvent.get(first) ?? [])].sort((a, b) => (a.integration < b.integration ? -1 : 1)) };
  });
}

export function endpointKey(integration: string, variant: string): string {
  return `${integration}\0${variant}`;
}

export async function readDisabledEndpoints(db: Queryable): Promise<Set<string>> {
  const rows = await db.query<{ integration: string; variant: string }>('SELECT integration, variant FROM delivery_endpoints WHERE disabled_at IS NOT NULL');
  return new Set(rows.map((r) => endpointKey(r.integration, r.variant)));
}
