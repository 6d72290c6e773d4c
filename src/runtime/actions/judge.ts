import { parseRetryAfter, retryDelay, type RetryPolicy } from '../delivery/retry-schedule.js';
import type { ActionCallResult } from './caller.js';
import type { CallOutcome } from './model.js';

/**
 * What one attempt means for its call: 2xx succeeds; a transient failure (no answer, 408, 429, 5xx) is
 * retried on the delivery schedule — a Retry-After longer than the next step wins — until it runs out;
 * any other answer (400, 401, 404, 422 …) and a permanent failure end the call as dead at once, since
 * sending the same request again would get the same answer.
 */
export function judgeCall(result: Pick<ActionCallResult, 'status' | 'retryAfter' | 'permanent'>, attempt: number, policy: RetryPolicy, now: Date, random: () => number): { outcome: CallOutcome; delayMs: number | null } {
  const s = result.status;
  if (s !== null && s >= 200 && s < 300) return { outcome: 'succeeded', delayMs: null };
  const transient = s === null ? !result.permanent : s === 408 || s === 429 || s >= 500;
  if (!transient) return { outcome: 'dead', delayMs: null };
  const delay = retryDelay(policy, attempt + 1, random, parseRetryAfter(result.retryAfter, now));
  return delay === null ? { outcome: 'dead', delayMs: null } : { outcome: 'retry', delayMs: delay };
}
