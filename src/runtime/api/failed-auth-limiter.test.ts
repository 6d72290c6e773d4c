import { describe, expect, it } from 'vitest';
import { FailedAuthLimiter } from './failed-auth-limiter.js';

describe('FailedAuthLimiter (injected clock)', () => {
  it('allows `capacity` failures per client, then refuses until tokens refill', () => {
    let now = 0;
    const limiter = new FailedAuthLimiter({ capacity: 3, refillPerSecond: 0.5, maxClients: 100 }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(limiter.allows('10.0.0.1')).toBe(true);
      limiter.failed('10.0.0.1');
    }
    expect(limiter.allows('10.0.0.1')).toBe(false);
    expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(2);
    expect(limiter.allows('10.0.0.2')).toBe(true);
    now = 1999;
    expect(limiter.allows('10.0.0.1')).toBe(false);
    now = 2000;
    expect(limiter.allows('10.0.0.1')).toBe(true);
    limiter.failed('10.0.0.1');
    expect(limiter.allows('10.0.0.1')).toBe(false);
    now = 60_000;
    expect(limiter.retryAfterSeconds('10.0.0.1')).toBe(0);
    for (let i = 0; i < 3; i++) limiter.failed('10.0.0.1');
    expect(limiter.allows('10.0.0.1')).toBe(false);
  });

  it('bounds memory by forgetting the least recently failing client', () => {
    const limiter = new FailedAuthLimiter({ capacity: 1, refillPerSecond: 0.001, maxClients: 2 }, () => 0);
    limiter.failed('a');
    limiter.failed('b');
    expect([limiter.allows('a'), limiter.allows('b')]).toEqual([false, false]);
    limiter.failed('c');
    expect([limiter.allows('a'), limiter.allows('b'), limiter.allows('c')]).toEqual([true, false, false]);
  });
});
