import { describe, expect, it } from 'vitest';
import { judgeAttempt } from './outcome.js';

const policy = { delaysMs: [0, 100, 200], jitter: 0, maxRetryAfterMs: 5000 };
const now = new Date('2026-01-01T00:00:00Z');
const judge = (r: Parameters<typeof judgeAttempt>[0], attempt: number) => judgeAttempt(r, attempt, policy, now, () => 0.5);

describe('attempt judgement', () => {
  it('delivers on 2xx', () => {
    expect(judge({ status: 200 }, 1)).toEqual({ outcome: 'delivered', delayMs: null });
    expect(judge({ status: 204 }, 3)).toEqual({ outcome: 'delivered', delayMs: null });
  });
  it('retries failures on the schedule, then dead-letters', () => {
    expect(judge({ status: 500 }, 1)).toEqual({ outcome: 'retry', delayMs: 100 });
    expect(judge({ status: null, error: 'ECONNREFUSED' }, 2)).toEqual({ outcome: 'retry', delayMs: 200 });
    expect(judge({ status: 503 }, 3)).toEqual({ outcome: 'dead', delayMs: null });
    expect(judge({ status: 301 }, 1).outcome).toBe('retry');
  });
  it('honours Retry-After', () => {
    expect(judge({ status: 429, retryAfter: '3' }, 1)).toEqual({ outcome: 'retry', delayMs: 3000 });
  });
  it('disables the endpoint on 410 and gives up on a permanent refusal', () => {
    expect(judge({ status: 410 }, 1)).toEqual({ outcome: 'disabled', delayMs: null });
    expect(judge({ status: null, permanent: true }, 1)).toEqual({ outcome: 'dead', delayMs: null });
  });
});
