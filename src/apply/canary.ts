/**
 * The canary rollout of one integration as a pure state machine. The runtime sends `weight` percent of
 * the integration's events to the new version and reports what it observed during the current step;
 * `decideCanary` says whether to wait, move to the next step, promote, or roll back. No clock, no I/O:
 * the time comes in with each observation.
 */

export interface CanaryConfig {
  /** Percent of events for the new version at each step, ascending; the last is 100. */
  steps: number[];
  /** How long each step is watched before moving on, in milliseconds. */
  windowMs: number;
  /** Error rate (0–1) above which the canary is rolled back. */
  maxErrorRate: number;
  /** Deliveries a step needs before its error rate counts (too few to judge → keep waiting). */
  minSamples: number;
  /**
   * How long a step may wait for `minSamples` before it moves on anyway (an integration with little
   * traffic shows no evidence of failure); unbounded when absent.
   */
  maxStepMs?: number;
}

export type CanaryPhase = 'progressing' | 'promoted' | 'rolled-back';

export interface CanaryState {
  phase: CanaryPhase;
  /** Index into `steps`. */
  step: number;
  /** Percent of events the new version gets now (0 after a rollback, 100 once promoted). */
  weight: number;
  stepStartedAt: number;
}

/** What the runtime saw of the new version since the current step started. */
export interface CanaryObservation {
  at: number;
  deliveries: number;
  errors: number;
}

export type CanaryDecision =
  | { type: 'wait'; reason: 'window-open' | 'too-few-samples'; errorRate: number | null }
  | { type: 'advance'; weight: number; errorRate: number | null }
  | { type: 'promote'; errorRate: number | null }
  | { type: 'rollback'; errorRate: number; maxErrorRate: number; weight: number }
  | { type: 'done'; phase: CanaryPhase };

export const DEFAULT_STEPS = [10, 50, 100];
export const DEFAULT_WINDOW_MS = 5 * 60_000;
export const DEFAULT_MAX_ERROR_RATE = 0.05;

/** An integration's `rollout` block (window as a duration like `10m`) → config; defaults fill the gaps. */
export function canaryConfig(rollout: { steps?: number[]; maxErrorRate?: number; window?: string }, minSamples = 20): CanaryConfig {
  const steps = [...new Set((rollout.steps?.length ? rollout.steps : DEFAULT_STEPS).filter((s) => s > 0 && s <= 100))].sort((a, b) => a - b);
  if (steps.at(-1) !== 100) steps.push(100);
  const windowMs = rollout.window ? durationMs(rollout.window) : DEFAULT_WINDOW_MS;
  return { steps, windowMs, maxErrorRate: rollout.maxErrorRate ?? DEFAULT_MAX_ERROR_RATE, minSamples, maxStepMs: 3 * windowMs };
}

/** A schema `duration` (`500ms`, `30s`, `10m`, `2h`, `1d`) in milliseconds. */
export function durationMs(text: string): number {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) return DEFAULT_WINDOW_MS;
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
}

export function startCanary(config: CanaryConfig, now: number): CanaryState {
  return { phase: 'progressing', step: 0, weight: config.steps[0], stepStartedAt: now };
}

/**
 * One decision. A step whose error rate passes `maxErrorRate` (with enough samples) rolls back at once,
 * without waiting for its window; a step that stayed under it for the whole window advances, and the
 * last step promotes. Returns the next state with the decision.
 */
export function decideCanary(state: CanaryState, config: CanaryConfig, observed: CanaryObservation): { state: CanaryState; decision: CanaryDecision } {
  if (state.phase !== 'progressing') return { state, decision: { type: 'done', phase: state.phase } };
  const judged = observed.deliveries >= config.minSamples;
  const errorRate = observed.deliveries > 0 ? observed.errors / observed.deliveries : null;
  if (judged && errorRate !== null && errorRate > config.maxErrorRate) {
    return {
      state: { ...state, phase: 'rolled-back', weight: 0 },
      decision: { type: 'rollback', errorRate, maxErrorRate: config.maxErrorRate, weight: state.weight },
    };
  }
  if (observed.at - state.stepStartedAt < config.windowMs) return { state, decision: { type: 'wait', reason: 'window-open', errorRate } };
  if (!judged && !(config.maxStepMs !== undefined && observed.at - state.stepStartedAt >= config.maxStepMs)) {
    return { state, decision: { type: 'wait', reason: 'too-few-samples', errorRate } };
  }
  const next = state.step + 1;
  if (next >= config.steps.length) return { state: { ...state, phase: 'promoted', weight: 100 }, decision: { type: 'promote', errorRate } };
  const weight = config.steps[next];
  return { state: { phase: 'progressing', step: next, weight, stepStartedAt: observed.at }, decision: { type: 'advance', weight, errorRate } };
}

/**
 * Why a canary of this Integration spec could never be judged, or null when it can: the canary signal
 * is the new version's outbound deliveries, so a spec without a delivery endpoint or without
 * subscriptions gives none, and its canary would only wait out every step's limit while the apply
 * holds the runtime lease.
 */
export function canarySignalMissing(spec: Record<string, unknown> | undefined): string | null {
  const events = spec?.events as { delivery?: { url?: unknown }; subscribe?: unknown } | undefined;
  if (spec?.enabled === false) return 'the integration is disabled';
  if (typeof events?.delivery?.url !== 'string') return 'it has no events.delivery endpoint, so there are no deliveries to judge';
  if (!Array.isArray(events.subscribe) || !events.subscribe.length) return 'it subscribes to no events, so there are no deliveries to judge';
  return null;
}
