import { decideCanary, startCanary, type CanaryConfig, type CanaryDecision, type CanaryObservation, type CanaryState } from './canary.js';

/**
 * What a canary needs from the runtime: the traffic share of the new version, and what it observed of
 * the new version's deliveries since the share was last set. The runtime's event delivery provides both.
 */
export interface CanaryTarget {
  setWeight(weight: number): Promise<void>;
  /** Deliveries and failed deliveries of the new version since the last `setWeight`. */
  observe(): Promise<{ deliveries: number; errors: number }>;
}

export interface CanaryRun {
  config: CanaryConfig;
  target: CanaryTarget;
  /** How often to observe, in milliseconds. */
  pollMs: number;
  /** Called once when the canary is rolled back (open the incident, propose the revert). */
  onRollback?(decision: Extract<CanaryDecision, { type: 'rollback' }>): Promise<void>;
  onDecision?(decision: CanaryDecision, state: CanaryState): void;
  now?(): number;
  sleep?(ms: number): Promise<void>;
  signal?: AbortSignal;
}

/**
 * Drives one canary to its end: sets the first step's share, observes every `pollMs`, and carries out
 * each decision (the next share, 100 on promotion, 0 on rollback, then `onRollback`). Returns the final
 * state; an aborted run returns where it stopped and leaves the share as it was.
 */
export async function runCanary(run: CanaryRun): Promise<CanaryState> {
  const now = run.now ?? Date.now;
  const sleep = run.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let state = startCanary(run.config, now());
  await run.target.setWeight(state.weight);
  while (state.phase === 'progressing' && !run.signal?.aborted) {
    await sleep(run.pollMs);
    const seen = await run.target.observe();
    const observation: CanaryObservation = { at: now(), ...seen };
    const next = decideCanary(state, run.config, observation);
    state = next.state;
    run.onDecision?.(next.decision, state);
    const d = next.decision;
    if (d.type === 'advance' || d.type === 'promote' || d.type === 'rollback') await run.target.setWeight(state.weight);
    if (d.type === 'rollback') await run.onRollback?.(d);
  }
  return state;
}
