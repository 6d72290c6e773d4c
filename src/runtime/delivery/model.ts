import type { AddressClass } from './address-class.js';
import type { RetryPolicy } from './retry-schedule.js';
import type { SecretLookup } from './secret-refs.js';
import type { EventTransform } from './transform.js';

export type { AttemptOutcome, DeliveryStatus, Variant } from '../../core/delivery-api.js';
import type { AttemptOutcome, DeliveryStatus, Variant } from '../../core/delivery-api.js';

/** Where and how one delivery is sent, fixed when the event is accepted. The secret stays a reference. */
export interface DeliveryTarget {
  url: string;
  secret: string;
  localTesting: boolean;
  timeoutMs: number;
  concurrency: number;
}

/** The delivery-related part of an Integration spec (`spec.events`, `spec.endpoint`). */
export interface IntegrationEvents {
  name: string;
  enabled: boolean;
  subscribe: string[];
  transform?: EventTransform;
  delivery?: { url: string; secret: string; concurrency?: number };
  inbound?: {
    path?: string;
    signature: { scheme: string; secret: string; toleranceSeconds?: number; url?: string };
    schema?: string;
    /** Event types accepted from an unsigned header (`X-GitHub-Event`); absent: the header is ignored. */
    eventTypes?: string[];
  };
  contract?: string;
  localTesting: boolean;
  timeoutMs: number;
}

export interface AcceptedEvent {
  id: string;
  type: string;
  data: unknown;
  idempotencyKey: string | null;
  source: string;
  acceptedAt: string;
}

/** One message to send: the unit the queue moves. */
export interface DeliveryJob {
  id: string;
  eventId: string;
  integration: string;
  variant: Variant;
  target: DeliveryTarget;
  body: string;
  generation: number;
  /** 1-based number of the attempt about to be made. */
  attempt: number;
  createdAt: string;
}

export interface AttemptRecord {
  deliveryId: string;
  generation: number;
  attempt: number;
  integration: string;
  variant: Variant;
  at: string;
  status: number | null;
  error: string | null;
  latencyMs: number;
  outcome: AttemptOutcome;
  /** For `retry`: when the next attempt is due. */
  nextAttemptAt: string | null;
}

export interface DeliveryConfig {
  retry: RetryPolicy;
  /** An endpoint that has only failed for this long is disabled (default five days). */
  disableAfterMs: number;
  /** Address classes the SSRF guard lets through for every endpoint. */
  allowAddresses: readonly AddressClass[];
  secrets: SecretLookup;
  /** Most deliveries in flight per endpoint when the integration does not say (`events.delivery.concurrency`). */
  defaultConcurrency: number;
  /** Most deliveries in flight in this process. */
  maxInFlight: number;
  /** How long a claimed delivery stays locked before another worker may take it (a crashed worker's). */
  lockMs: number;
  /** How often workers look for due work when nothing woke them. */
  pollMs: number;
  /** Inbound: seen message ids are kept at least this long. */
  inboundSeenMs: number;
  random: () => number;
}

export const DEFAULT_DELIVERY_CONFIG: Omit<DeliveryConfig, 'secrets' | 'retry'> = {
  disableAfterMs: 5 * 24 * 3600 * 1000,
  allowAddresses: [],
  defaultConcurrency: 10,
  maxInFlight: 512,
  lockMs: 60_000,
  pollMs: 250,
  inboundSeenMs: 24 * 3600 * 1000,
  random: Math.random,
};
