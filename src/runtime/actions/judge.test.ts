import { describe, expect, it } from 'vitest';
import { judgeCall } from './judge.js';

const POLICY = { delaysMs: [0, 1000, 60_000], jitter: 0, maxRetryAfterMs: 3_600_000 };
const NOW = new Date('2026-12-04T12:00:00Z');

describe('judgeCall', () => {
  it.each([
    [{ status: 201 }, 1, 'succeeded', null],
    [{ status: 503 }, 1, 'retry', 1000],
    [{ status: 500 }, 2, 'retry', 60_000],
    [{ status: 503 }, 3, 'dead', null],
    [{ status: 429, retryAfter: '120' }, 1, 'retry', 120_000],
    [{ status: 429, retryAfter: 'Fri, 04 Dec 2026 12:10:00 GMT' }, 1, 'retry', 600_000],
    [{ status: 408 }, 1, 'retry', 1000],
    [{ status: null }, 1, 'retry', 1000],
    [{ status: null, permanent: true }, 1, 'dead', null],
    [{ status: 400 }, 1, 'dead', null],
    [{ status: 401 }, 1, 'dead', null],
    [{ status: 404 }, 1, 'dead', null],
    [{ status: 422 }, 1, 'dead', null],
  ] as const)('%j on attempt %i → %s after %s ms', (result, attempt, outcome, delayMs) => {
    expect(judgeCall(result, attempt, POLICY, NOW, () => 0.5)).toEqual({ outcome, delayMs });
  });
});
