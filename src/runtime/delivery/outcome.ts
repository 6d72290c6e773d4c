import type { AttemptOutcome } from './model.js';
import { parseRetryAfter, retryDelay, type RetryPolicy } from './retry-schedule.js';

export interface AttemptResult {
  status: number | null;
  retryAfter?: string;
  error?: string;
  /** The target can never be reached as configured (refused by the SSRF guard, invalid URL). */
  permanent?: boolean;
}

export interface Judgement {
  outcome: AttemptOutcome;
  /** ms until the next attempt, for `retry`. */
  delayMs: number | null;
}

/**
 * What one attempt means for its delivery: any 2xx delivers; 410 Gone disables the endpoint; everything
 * else (3xx, 4xx, 5xx, no response) is retried on the schedule until it runs out, then dead-lettered.
 */
export function judgeAttempt(result: AttemptResult, attempt: number, policy: RetryPolicy, now: Date, random: () => number): Judgement {
  if (result.status !== null && result.status >= 200 && result.status < 300) return { outcome: 'delivered', delayMs: null };
  if (result.status === 410) return { outcome: 'disabled', delayMs: null };
  if (result.permanent) return { outcome: 'dead', delayMs: null };
  const delay = retryDelay(policy, attempt + 1, random, parseRetryAfter(result.retryAfter, now));
  return delay === null ? { outcome: 'dead', delayMs: null } : { outcome: 'retry', delayMs: delay };
}
