import { describe, expect, it, vi } from 'vitest';
import { parseInterval, runReconcileLoop } from './reconcile-loop.js';

describe('runReconcileLoop', () => {
  it('ticks up to maxTicks, waiting the interval between ticks', async () => {
    const waits: number[] = [];
    const result = await runReconcileLoop({ tick: async (n) => n * 10, intervalMs: 25, maxTicks: 3, sleep: async (ms) => void waits.push(ms) });
    expect(result).toEqual({ ticks: 3, last: 30 });
    expect(waits).toEqual([25, 25]);
  });

  it('keeps going after a failing tick and reports it', async () => {
    const errors: number[] = [];
    const result = await runReconcileLoop({
      tick: async (n) => {
        if (n === 1) throw new Error('runtime down');
        return n;
      },
      intervalMs: 1,
      maxTicks: 2,
      onError: (_, n) => errors.push(n),
      sleep: async () => undefined,
    });
    expect(errors).toEqual([1]);
    expect(result.last).toBe(2);
  });

  it('stops when aborted, also during the wait', async () => {
    // Fake timers: the loop must end when the abort fires during its 60 s wait, not when the wait ends.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const controller = new AbortController();
      let ticks = 0;
      let settled = false;
      const running = runReconcileLoop({
        tick: async () => {
          ticks++;
          setTimeout(() => controller.abort(), 10);
        },
        intervalMs: 60_000,
        signal: controller.signal,
      }).finally(() => (settled = true));
      await vi.advanceTimersByTimeAsync(9);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(settled).toBe(true);
      const result = await running;
      expect(result.ticks).toBe(1);
      expect(ticks).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
