import { createHash } from 'node:crypto';
import type { DeliveryTarget, IntegrationEvents, Variant } from './model.js';
import { matchesAny } from './subscription.js';
import { applyTransform } from './transform.js';

/** A canary: a new version of an integration that receives `percent` of its events. */
export interface Canary {
  integration: string;
  percent: number;
  events: IntegrationEvents;
}

export interface RoutedDelivery {
  integration: string;
  variant: Variant;
  target: DeliveryTarget;
  /** The Standard Webhooks payload, exactly as it will be signed. */
  body: string;
}

/**
 * Whether an event goes to the canary: a stable hash of event id and integration, so the same event
 * always lands on the same side (a retried request does not flip) and shares are exact over many events.
 */
export function isCanaryEvent(eventId: string, integration: string, percent: number): boolean {
  if (percent <= 0) return false;
  if (percent >= 100) return true;
  const bucket = createHash('sha256').update(`${eventId}\0${integration}`).digest().readUInt32BE(0) % 100;
  return bucket < percent;
}

/**
 * The deliveries of one event: one per enabled integration whose `events.subscribe` matches its type and
 * that has a delivery endpoint, with the integration's transform applied. Pure: ids, time and specs in.
 */
export function routeEvent(
  event: { id: string; type: string; data: unknown; acceptedAt: string },
  integrations: readonly IntegrationEvents[],
  canaries: ReadonlyMap<string, Canary>,
  defaultConcurrency: number,
): RoutedDelivery[] {
  const out: RoutedDelivery[] = [];
  for (const stable of integrations) {
    const canary = canaries.get(stable.name);
    const variant: Variant = canary && isCanaryEvent(event.id, stable.name, canary.percent) ? 'canary' : 'stable';
    const spec = variant === 'canary' ? canary!.events : stable;
    if (!spec.enabled || !spec.delivery || !matchesAny(spec.subscribe, event.type)) continue;
    out.push({
      integration: stable.name,
      variant,
      target: {
        url: spec.delivery.url,
        secret: spec.delivery.secret,
        localTesting: spec.localTesting,
        timeoutMs: spec.timeoutMs,
        concurrency: spec.delivery.concurrency ?? defaultConcurrency,
      },
      body: JSON.stringify({ type: event.type, timestamp: event.acceptedAt, data: applyTransform(event.data, spec.transform) }),
    });
  }
  return out;
}
