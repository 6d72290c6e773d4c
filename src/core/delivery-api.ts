/**
 * The wire vocabulary of the runtime's event and delivery operations (`/v1/events`, `/v1/deliveries…`),
 * shared by the runtime that serves them and the client that calls them.
 */

/** `stable` is the integration's applied spec; `canary` a new version receiving a share of its events. */
export type Variant = 'stable' | 'canary';

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export type AttemptOutcome = 'delivered' | 'retry' | 'dead' | 'disabled';

export interface AttemptView {
  attempt: number;
  generation: number;
  at: string;
  status: number | null;
  error: string | null;
  latencyMs: number;
  outcome: AttemptOutcome;
}

/** One entry of the delivery log, as `GET /v1/deliveries` returns it. */
export interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  integration: string;
  variant: Variant;
  status: DeliveryStatus;
  attempts: number;
  createdAt: string;
  firstAttemptAt: string | null;
  finishedAt: string | null;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  log: AttemptView[];
}

export interface ReplayResult {
  replayed: { id: string; integration: string; variant: string }[];
}

export interface VariantStats {
  attempts: number;
  failures: number;
  /**
   * failedDeliveries / deliveries, 0 without deliveries. Counted per delivery, not per attempt: one
   * delivery retried five times against a failing receiver is one failure, not five, and a delivery
   * that failed and then got through on a retry is a success.
   */
  errorRate: number;
  /** Deliveries with at least one attempt in the window. */
  deliveries: number;
  /** Of those, the ones none of whose attempts in the window got through. */
  failedDeliveries: number;
  p50LatencyMs: number | null;
  p99LatencyMs: number | null;
}

/** `GET /v1/deliveries/stats`: error rate and latency of an integration's attempts over a window, per variant. */
export interface DeliveryStats {
  integration: string;
  windowSeconds: number;
  since: string;
  total: VariantStats;
  variants: Record<Variant, VariantStats>;
  endpoints: { variant: string; disabledAt: string | null; disabledReason: string | null; failingSince: string | null }[];
}

/** `POST /v1/events` answer. */
export interface AcceptOutcome {
  eventId: string;
  /** True when the idempotency key was seen before: nothing new was stored. */
  duplicate: boolean;
  deliveries: { id: string; integration: string; variant: string }[];
}
