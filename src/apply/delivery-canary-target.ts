import type { CanaryTarget } from './canary-controller.js';

/** Per-variant deliveries the runtime counts (`GET /v1/deliveries/stats`). */
export interface VariantCounts {
  attempts: number;
  failures: number;
  /** Deliveries attempted in the window, and those that never got through (the canary's error rate). */
  deliveries: number;
  failedDeliveries: number;
}

/**
 * The runtime's canary lever and delivery statistics, as its delivery client offers them
 * (`PUT`/`DELETE /v1/deliveries/canaries/{integration}`, `GET /v1/deliveries/stats`).
 */
export interface CanaryLever {
  setCanary(integration: string, percent: number, spec: Record<string, unknown>): Promise<unknown>;
  clearCanary(integration: string): Promise<void>;
  stats(integration: string, window: string): Promise<{ variants: { canary: VariantCounts } }>;
}

/**
 * A CanaryTarget on the runtime: a share above 0 sends that percent of the integration's events to the
 * new spec; 0 (rollback) ends the canary, so every event goes to the applied spec again. Promotion is
 * applying the new spec (an update), after which the caller clears the canary. Observations are the
 * canary variant's deliveries since the share was last set (the stats window is whole seconds, at least 1).
 */
export function deliveryCanaryTarget(lever: CanaryLever, integration: string, spec: Record<string, unknown>, now: () => number = Date.now): CanaryTarget {
  let setAt = now();
  return {
    async setWeight(weight) {
      if (weight <= 0) await lever.clearCanary(integration);
      else await lever.setCanary(integration, weight, spec);
      setAt = now();
    },
    async observe() {
      const seconds = Math.max(1, Math.ceil((now() - setAt) / 1000));
      const { canary } = (await lever.stats(integration, `${seconds}s`)).variants;
      // Deliveries, not attempts: retries of one failing delivery must not multiply its weight.
      return { deliveries: canary.deliveries, errors: canary.failedDeliveries };
    },
  };
}
