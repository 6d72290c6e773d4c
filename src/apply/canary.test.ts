import { describe, expect, it } from 'vitest';
import { canaryConfig, decideCanary, startCanary, type CanaryConfig, type CanaryObservation, type CanaryState } from './canary.js';

const config: CanaryConfig = { steps: [10, 50, 100], windowMs: 1000, maxErrorRate: 0.1, minSamples: 10 };

/** Feeds observations in order and returns the decision types and the final state. */
function play(observations: Omit<CanaryObservation, never>[], overrides: Partial<CanaryConfig> = {}): { decisions: string[]; state: CanaryState } {
  const cfg = { ...config, ...overrides };
  let state = startCanary(cfg, 0);
  const decisions: string[] = [];
  for (const o of observations) {
    const r = decideCanary(state, cfg, o);
    state = r.state;
    decisions.push(r.decision.type === 'advance' ? `advance:${r.decision.weight}` : r.decision.type === 'wait' ? `wait:${r.decision.reason}` : r.decision.type);
  }
  return { decisions, state };
}

describe('decideCanary', () => {
  it.each([
    {
      name: 'a healthy canary advances step by step and promotes',
      obs: [
        { at: 500, deliveries: 50, errors: 1 },
        { at: 1000, deliveries: 100, errors: 2 },
        { at: 2000, deliveries: 100, errors: 0 },
        { at: 3000, deliveries: 100, errors: 5 },
      ],
      decisions: ['wait:window-open', 'advance:50', 'advance:100', 'promote'],
      final: { phase: 'promoted', weight: 100 },
    },
    {
      name: 'an error rate above the threshold rolls back at once',
      obs: [
        { at: 100, deliveries: 20, errors: 1 },
        { at: 200, deliveries: 20, errors: 5 },
      ],
      decisions: ['wait:window-open', 'rollback'],
      final: { phase: 'rolled-back', weight: 0 },
    },
    {
      name: 'a failing later step rolls back',
      obs: [
        { at: 1000, deliveries: 20, errors: 0 },
        { at: 1500, deliveries: 20, errors: 20 },
      ],
      decisions: ['advance:50', 'rollback'],
      final: { phase: 'rolled-back', weight: 0 },
    },
    {
      name: 'too few samples are not judged: errors do not roll back, the window does not advance',
      obs: [
        { at: 100, deliveries: 2, errors: 2 },
        { at: 5000, deliveries: 5, errors: 0 },
      ],
      decisions: ['wait:window-open', 'wait:too-few-samples'],
      final: { phase: 'progressing', weight: 10 },
    },
    {
      name: 'a step without enough traffic moves on once it waited maxStepMs',
      config: { maxStepMs: 3000 },
      obs: [
        { at: 1000, deliveries: 1, errors: 0 },
        { at: 3000, deliveries: 1, errors: 1 },
      ],
      decisions: ['wait:too-few-samples', 'advance:50'],
      final: { phase: 'progressing', weight: 50 },
    },
    {
      name: 'exactly the threshold is still healthy',
      obs: [{ at: 1000, deliveries: 10, errors: 1 }],
      decisions: ['advance:50'],
      final: { phase: 'progressing', weight: 50 },
    },
    {
      name: 'a finished canary stays finished',
      obs: [
        { at: 0, deliveries: 10, errors: 10 },
        { at: 9000, deliveries: 10, errors: 0 },
      ],
      decisions: ['rollback', 'done'],
      final: { phase: 'rolled-back', weight: 0 },
    },
  ] as { name: string; config?: Partial<CanaryConfig>; obs: CanaryObservation[]; decisions: string[]; final: Partial<CanaryState> }[])('$name', ({ config: overrides, obs, decisions, final }) => {
    const r = play(obs, overrides);
    expect(r.decisions).toEqual(decisions);
    expect(r.state).toMatchObject(final);
  });

  it('reports the observed rate and threshold on rollback', () => {
    const { decision } = decideCanary(startCanary(config, 0), config, { at: 1, deliveries: 40, errors: 10 });
    expect(decision).toEqual({ type: 'rollback', errorRate: 0.25, maxErrorRate: 0.1, weight: 10 });
  });
});

describe('canaryConfig', () => {
  it('reads an integration rollout block, sorting steps and ending at 100', () => {
    expect(canaryConfig({ steps: [50, 10], maxErrorRate: 0.02, window: '10m' })).toEqual({ steps: [10, 50, 100], windowMs: 600_000, maxErrorRate: 0.02, minSamples: 20, maxStepMs: 1_800_000 });
  });
  it('fills defaults', () => {
    expect(canaryConfig({})).toMatchObject({ steps: [10, 50, 100], windowMs: 300_000, maxErrorRate: 0.05 });
  });
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
  ])('reads every schema duration unit: %s', (window, ms) => {
    expect(canaryConfig({ window }).windowMs).toBe(ms);
  });
});
