/**
 * When a failed delivery is tried again. The default follows the Standard Webhooks guidance: at once, then
 * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h, each delay jittered by ±20% so that a recovering endpoint
 * is not hit by every queued message in the same second.
 */
export interface RetryPolicy {
  /** Delay before each attempt, in ms: `[0, 5000, …]` — its length is the number of attempts. */
  delaysMs: readonly number[];
  /** Relative jitter applied to every non-zero delay (0.2 = ±20%). */
  jitter: number;
  /** The longest Retry-After honoured, in ms (a receiver cannot park a message for a month). */
  maxRetryAfterMs: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  delaysMs: [0, 5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR],
  jitter: 0.2,
  maxRetryAfterMs: 10 * HOUR,
};

/**
 * The delay before attempt `nextAttempt` (1-based, so attempt 2 is the first retry), or null when the
 * schedule is exhausted and the delivery goes to the dead letter. A Retry-After longer than the scheduled
 * delay wins (capped); a shorter one never makes us retry sooner than the schedule.
 */
export function retryDelay(policy: RetryPolicy, nextAttempt: number, random: () => number, retryAfterMs?: number): number | null {
  if (nextAttempt < 1 || nextAttempt > policy.delaysMs.length) return null;
  const base = policy.delaysMs[nextAttempt - 1];
  const jittered = base === 0 ? 0 : Math.round(base * (1 + policy.jitter * (2 * random() - 1)));
  if (retryAfterMs === undefined) return jittered;
  return Math.max(jittered, Math.min(retryAfterMs, policy.maxRetryAfterMs));
}

/** Retry-After as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in ms from `now`; undefined if unusable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** Parses `0,5s,5m,30m,2h` (the CLI/config form) into a delay list. */
export function parseSchedule(text: string): number[] | null {
  const units: Record<string, number> = { ms: 1, s: SECOND, m: MINUTE, h: HOUR };
  const out: number[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const m = /^(\d+)(ms|s|m|h)?$/.exec(part);
    if (!m) return null;
    out.push(Number(m[1]) * units[m[2] ?? 'ms']);
  }
  return out.length ? out : null;
}
