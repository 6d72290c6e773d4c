import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, parseSchedule, retryDelay } from './retry-schedule.js';

const mid = () => 0.5; // no jitter
describe('retry schedule', () => {
  it('follows immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelay(DEFAULT_RETRY_POLICY, n, mid));
    expect(delays).toEqual([0, 5e3, 300e3, 1800e3, 7200e3, 18000e3, 36000e3, 36000e3]);
    expect(retryDelay(DEFAULT_RETRY_POLICY, 9, mid)).toBeNull();
  });

  it('jitters by at most ±20%', () => {
    expect(retryDelay(DEFAULT_RETRY_POLICY, 2, () => 0)).toBe(4000);
    expect(retryDelay(DEFAULT_RETRY_POLICY, 2, () => 1)).toBe(6000);
    expect(retryDelay(DEFAULT_RETRY_POLICY, 1, () => 1)).toBe(0);
  });

  it('honours a longer Retry-After, capped, but never retries sooner than scheduled', () => {
    expect(retryDelay(DEFAULT_RETRY_POLICY, 2, mid, 60_000)).toBe(60_000);
    expect(retryDelay(DEFAULT_RETRY_POLICY, 3, mid, 1000)).toBe(300_000);
    expect(retryDelay(DEFAULT_RETRY_POLICY, 2, mid, 1e12)).toBe(DEFAULT_RETRY_POLICY.maxRetryAfterMs);
  });

  it('parses Retry-After seconds and dates', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('parses a schedule', () => {
    expect(parseSchedule('0, 5s, 5m, 2h, 50ms, 10')).toEqual([0, 5000, 300000, 7200000, 50, 10]);
    expect(parseSchedule('5x')).toBeNull();
  });
});
