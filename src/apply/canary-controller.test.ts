import { describe, expect, it } from 'vitest';
import type { CanaryConfig } from './canary.js';
import { runCanary, type CanaryTarget } from './canary-controller.js';

const config: CanaryConfig = { steps: [10, 50, 100], windowMs: 100, maxErrorRate: 0.05, minSamples: 5 };

/** A fake new version whose receiver answers with the given error share at each traffic weight. */
function target(errorShareAt: (weight: number) => number) {
  const weights: number[] = [];
  let weight = 0;
  const t: CanaryTarget = {
    setWeight: async (w) => {
      weights.push(w);
      weight = w;
    },
    observe: async () => {
      const deliveries = weight; // one delivery per percent of traffic and poll
      return { deliveries, errors: Math.round(deliveries * errorShareAt(weight)) };
    },
  };
  return { t, weights };
}

function clock() {
  let now = 0;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
}

describe('runCanary', () => {
  it('promotes a healthy version step by step', async () => {
    const { t, weights } = target(() => 0);
    const state = await runCanary({ config, target: t, pollMs: 50, ...clock() });
    expect(state.phase).toBe('promoted');
    expect(weights).toEqual([10, 50, 100, 100]);
  });

  it('rolls back a version whose receiver fails, and calls onRollback once', async () => {
    const { t, weights } = target((w) => (w >= 50 ? 0.5 : 0));
    const rollbacks: number[] = [];
    const state = await runCanary({ config, target: t, pollMs: 50, ...clock(), onRollback: async (d) => void rollbacks.push(d.errorRate) });
    expect(state.phase).toBe('rolled-back');
    expect(weights).toEqual([10, 50, 0]);
    expect(rollbacks).toEqual([0.5]);
  });

  it('stops when aborted', async () => {
    const { t } = target(() => 0);
    const controller = new AbortController();
    controller.abort();
    expect((await runCanary({ config, target: t, pollMs: 50, ...clock(), signal: controller.signal })).phase).toBe('progressing');
  });
});
