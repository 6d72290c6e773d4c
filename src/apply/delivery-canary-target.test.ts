import { describe, expect, it } from 'vitest';
import { runCanary } from './canary-controller.js';
import { deliveryCanaryTarget, type CanaryLever } from './delivery-canary-target.js';

/**
 * The runtime's lever, recorded. The canary variant makes `percent` deliveries per window; `failShare` of
 * them fail every one of their `retries` attempts, the others get through on the first.
 */
function lever(failShare: number, retries = 1) {
  const calls: string[] = [];
  let percent = 0;
  const l: CanaryLever = {
    setCanary: async (integration, p) => {
      calls.push(`set ${integration} ${p}`);
      percent = p;
    },
    clearCanary: async (integration) => {
      calls.push(`clear ${integration}`);
      percent = 0;
    },
    stats: async (integration, window) => {
      calls.push(`stats ${integration} ${window}`);
      const failedDeliveries = Math.round(percent * failShare);
      const failures = failedDeliveries * retries;
      return { variants: { canary: { attempts: percent - failedDeliveries + failures, failures, deliveries: percent, failedDeliveries } } };
    },
  };
  return { l, calls };
}

describe('deliveryCanaryTarget', () => {
  const config = { steps: [20, 100], windowMs: 2000, maxErrorRate: 0.1, minSamples: 5 };

  it('moves the share through the lever and reads the canary variant since the share was set', async () => {
    let now = 0;
    const { l, calls } = lever(0);
    const state = await runCanary({ config, target: deliveryCanaryTarget(l, 'sync', { v: 2 }, () => now), pollMs: 1500, now: () => now, sleep: async (ms) => void (now += ms) });
    expect(state.phase).toBe('promoted');
    expect(calls).toEqual(['set sync 20', 'stats sync 2s', 'stats sync 3s', 'set sync 100', 'stats sync 2s', 'stats sync 3s', 'set sync 100']);
  });

  it('judges the error rate per delivery: retries of one failing delivery do not roll back a healthy canary', async () => {
    let now = 0;
    // 1 delivery in 20 fails (5 % < 10 %), retried 5 times: 5 failed attempts of 24 would be 21 %.
    const { l, calls } = lever(0.05, 5);
    const state = await runCanary({ config, target: deliveryCanaryTarget(l, 'sync', { v: 2 }, () => now), pollMs: 1500, now: () => now, sleep: async (ms) => void (now += ms) });
    expect(state.phase).toBe('promoted');
    expect(calls).not.toContain('clear sync');
  });

  it('ends the canary on rollback', async () => {
    let now = 0;
    const { l, calls } = lever(0.5);
    const state = await runCanary({ config, target: deliveryCanaryTarget(l, 'sync', { v: 2 }, () => now), pollMs: 500, now: () => now, sleep: async (ms) => void (now += ms) });
    expect(state.phase).toBe('rolled-back');
    expect(calls).toEqual(['set sync 20', 'stats sync 1s', 'clear sync']);
  });
});
