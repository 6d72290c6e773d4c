import { payloadsOf, type Queryable } from '../store/database.js';
import { toIso } from '../store/rows.js';
import type { IntegrationEvents } from './model.js';
import { routeEvent } from './routing.js';

export interface RerouteResult {
  /** Now addressed to the stable spec (pending ones go out at once, dead ones on their next replay). */
  rerouted: string[];
  /** The stable spec does not deliver their event (no endpoint, not subscribed): dead-lettered with the reason. */
  dropped: string[];
}

/**
 * Moves an integration's undelivered canary deliveries to its stable spec: what a canary that ended
 * (rolled back, or promoted and cleared) still had pending would otherwise keep retrying the canary's
 * target, and a replay would send it there again. Each moved delivery starts a new generation (like a
 * replay), so an attempt already in flight to the canary only lands in the log and the bus publishes
 * the new target. `ids` limits the move to those deliveries (a replay); otherwise every pending or
 * dead canary delivery of the integration moves.
 */
export async function rerouteCanaryDeliveries(
  tx: Queryable,
  integration: string,
  stable: IntegrationEvents | undefined,
  now: Date,
  opts: { defaultConcurrency: number; ids?: readonly string[] },
): Promise<RerouteResult> {
  const rows = await tx.query<{ id: string; status: string; event_id: string; type: string; data: string; accepted_at: unknown }>(
    `SELECT d.id, d.status, e.id AS event_id, e.type, e.data, e.accepted_at FROM deliveries d JOIN events e ON e.id = d.event_id
     WHERE d.integration = $1 AND d.variant = 'canary' AND d.status IN ('pending', 'dead') ${opts.ids ? 'AND d.id = ANY($2::text[])' : ''}
     ORDER BY d.id`,
    opts.ids ? [integration, opts.ids] : [integration],
  );
  const result: RerouteResult = { rerouted: [], dropped: [] };
  const at = now.toISOString();
  for (const r of rows) {
    const acceptedAt = toIso(r.accepted_at);
    const [routed] = stable ? routeEvent({ id: r.event_id, type: r.type, data: JSON.parse(payloadsOf(tx).open(r.data)) as unknown, acceptedAt }, [stable], new Map(), opts.defaultConcurrency) : [];
    if (!routed) {
      await tx.query(
        `UPDATE deliveries SET variant = 'stable', status = 'dead', generation = generation + 1, locked_until = NULL, finished_at = $2::timestamptz,
           last_error = 'the canary ended and the stable spec does not deliver this event' WHERE id = $1`,
        [r.id, at],
      );
      result.dropped.push(r.id);
      continue;
    }
    // A dead delivery stays dead (an operator replays it); a pending one is due again now.
    await tx.query(
      `UPDATE deliveries SET variant = 'stable', target = $2, body = $3, generation = generation + 1, locked_until = NULL, published = false,
         attempts = CASE WHEN status = 'pending' THEN 0 ELSE attempts END,
         next_attempt_at = CASE WHEN status = 'pending' THEN $4::timestamptz ELSE next_attempt_at END
       WHERE id = $1`,
      [r.id, JSON.stringify(routed.target), payloadsOf(tx).seal(routed.integration, routed.body), at],
    );
    result.rerouted.push(r.id);
  }
  return result;
}
