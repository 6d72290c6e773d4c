import type { PayloadCipher } from '../store/payload-cipher.js';
import { toIso, toNumber } from '../store/rows.js';
import type { DeliveryJob, DeliveryTarget, Variant } from './model.js';

export interface DeliveryJobRow {
  id: string;
  event_id: string;
  integration: string;
  variant: string;
  target: string;
  body: string;
  generation: unknown;
  attempts: unknown;
  created_at: unknown;
}

export const JOB_COLUMNS = 'd.id, d.event_id, d.integration, d.variant, d.target, d.body, d.generation, d.attempts, d.created_at';

/** `payloads` opens the stored body (sealed at rest) into the exact bytes that are signed and sent. */
export function jobFromRow(r: DeliveryJobRow, payloads: PayloadCipher): DeliveryJob {
  return {
    id: r.id,
    eventId: r.event_id,
    integration: r.integration,
    variant: r.variant as Variant,
    target: JSON.parse(r.target) as DeliveryTarget,
    body: payloads.open(r.body),
    generation: toNumber(r.generation),
    attempt: toNumber(r.attempts) + 1,
    createdAt: toIso(r.created_at),
  };
}
