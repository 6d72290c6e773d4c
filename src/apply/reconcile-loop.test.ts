import { describe, expect, it } from 'vitest';
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
    const controller = new AbortController();
    let ticks = 0;
    const started = Date.now();
    const result = await runReconcileLoop({
      tick: async () => {
        ticks++;
        setTimeout(() => controller.abort(), 10);
      },
      intervalMs: 60_000,
      signal: controller.signal,
    });
    expect(result.ticks).toBe(1);
    expect(ticks).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('parseInterval', () => {
  it.each([
    ['30s', 30_000],
    ['200ms', 200],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1.5s', 1500],
    ['30', undefined],
    ['soon', undefined],
  ])('%s → %s', (text, ms) => expect(parseInterval(text)).toBe(ms));
});
