import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('allows the burst, refuses past it with Retry-After and IETF fields, refills with the injected clock', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 3, perSecond: 1 }, () => now);
    const decisions = [1, 2, 3, 4].map(() => limiter.take('tok-a'));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(decisions[0].headers).toEqual({ 'ratelimit-policy': '"burst";q=3;w=3', ratelimit: '"burst";r=2;t=1' });
    expect(decisions[2].headers.ratelimit).toBe('"burst";r=0;t=1');
    expect(decisions[3]).toMatchObject({ allowed: false, retryAfterSeconds: 1, violated: ['burst'], headers: { 'retry-after': '1', ratelimit: '"burst";r=0;t=1' } });
    // Another token has its own bucket.
    expect(limiter.take('tok-b').allowed).toBe(true);
    now = 999;
    expect(limiter.take('tok-a').allowed).toBe(false);
    now = 1000;
    expect(limiter.take('tok-a').allowed).toBe(true);
    expect(limiter.take('tok-a').allowed).toBe(false);
  });

  it('survives a clock that steps back: nothing is refilled, nothing is drained', () => {
    let now = 10_000_000;
    const limiter = new RateLimiter({ burst: 3, perSecond: 1 }, () => now);
    expect(limiter.take('a').allowed).toBe(true);
    now -= 7_200_000; // two hours back
    for (let i = 0; i < 2; i++) expect(limiter.take('a').allowed).toBe(true);
    const refused = limiter.take('a');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBe(1);
    now += 1_000;
    expect(limiter.take('a').allowed).toBe(true);
  });

  it('enforces a daily quota as a second policy, named in both fields', () => {
    let now = 0;
    const limiter = new RateLimiter({ burst: 100, perSecond: 100, daily: 2 }, () => now);
    expect(limiter.take('t').headers['ratelimit-policy']).toBe('"burst";q=100;w=1, "daily";q=2;w=86400');
    expect(limiter.take('t').allowed).toBe(true);
    const refused = limiter.take('t');
    expect(refused).toMatchObject({ allowed: false, violated: ['daily'], retryAfterSeconds: 43_200 });
    expect(refused.headers.ratelimit).toBe('"burst";r=98;t=1, "daily";r=0;t=43200');
    now = 43_200_000;
    expect(limiter.take('t').allowed).toBe(true);
  });

  it('forgets the longest-idle token past maxTokens (more lenient, never stricter)', () => {
    const limiter = new RateLimiter({ burst: 1, perSecond: 0.001, maxTokens: 2 }, () => 0);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('b').allowed).toBe(true);
    expect(limiter.take('c').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('c').allowed).toBe(false);
  });
});
