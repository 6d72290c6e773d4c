/**
 * Rate limits and quotas per token for authenticated callers: a token bucket (`burst`, refilled at
 * `perSecond`) and, optionally, a daily quota (a second bucket of `daily` units refilled over 24 h, so it
 * never resets all at once at midnight). Each call takes one unit from both; the answer carries the IETF
 * `RateLimit-Policy` and `RateLimit` fields (draft-ietf-httpapi-ratelimit-headers) either way, and a
 * refusal says how long to wait (`Retry-After`). In memory, per runtime process; the clock is injected.
 * Memory is bounded by `maxTokens` (the longest-idle token is forgotten first, which only ever makes it
 * more lenient).
 */
export interface RateLimits {
  /** Calls a token may make at once. */
  burst: number;
  /** Sustained calls a second per token. */
  perSecond: number;
  /** Calls a day per token; null or absent: no daily quota. */
  daily?: number | null;
  maxTokens?: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { burst: 1000, perSecond: 500, daily: null, maxTokens: 10_000 };

interface Policy {
  name: string;
  capacity: number;
  perSecond: number;
}

interface Bucket {
  tokens: number[];
  at: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Whole seconds until a refused call may be retried (0 when allowed). */
  retryAfterSeconds: number;
  /** The policies that refused the call. */
  violated: string[];
  headers: Record<string, string>;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly policies: Policy[];
  private readonly policyField: string;

  constructor(
    private readonly limits: RateLimits = DEFAULT_RATE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.policies = [{ name: 'burst', capacity: limits.burst, perSecond: limits.perSecond }];
    if (limits.daily) this.policies.push({ name: 'daily', capacity: limits.daily, perSecond: limits.daily / 86_400 });
    this.policyField = this.policies.map((p) => `"${p.name}";q=${p.capacity};w=${Math.ceil(p.capacity / p.perSecond)}`).join(', ');
  }

  /** Takes one unit for `key` (a token id) when every policy has one; the headers describe what is left. */
  take(key: string): RateDecision {
    const t = this.now();
    let bucket = this.buckets.get(key);
    if (bucket) {
      this.buckets.delete(key); // re-insert: Map order is then least recently used first
      // A clock that steps back (NTP, an injected clock) refills nothing rather than draining the bucket.
      const elapsedMs = Math.max(0, t - bucket.at);
      bucket.tokens = bucket.tokens.map((n, i) => Math.min(this.policies[i].capacity, n + (elapsedMs / 1000) * this.policies[i].perSecond));
      bucket.at = t;
    } else {
      if (this.buckets.size >= (this.limits.maxTokens ?? 10_000)) this.buckets.delete(this.buckets.keys().next().value!);
      bucket = { tokens: this.policies.map((p) => p.capacity), at: t };
    }
    this.buckets.set(key, bucket);
    const violated = this.policies.filter((_, i) => bucket.tokens[i] < 1).map((p) => p.name);
    const allowed = violated.length === 0;
    if (allowed) bucket.tokens = bucket.tokens.map((n) => n - 1);
    const waits = this.policies.map((p, i) => (bucket.tokens[i] >= 1 ? 0 : Math.ceil((1 - bucket.tokens[i]) / p.perSecond)));
    const retryAfterSeconds = allowed ? 0 : Math.max(1, ...waits);
    const field = this.policies
      .map((p, i) => {
        const remaining = Math.floor(bucket.tokens[i]);
        // t: seconds until more quota — the next unit when empty, else until the bucket is full again.
        const until = remaining < 1 ? Math.max(1, waits[i]) : Math.ceil((p.capacity - bucket.tokens[i]) / p.perSecond);
        return `"${p.name}";r=${remaining};t=${until}`;
      })
      .join(', ');
    const headers: Record<string, string> = { 'ratelimit-policy': this.policyField, ratelimit: field };
    if (!allowed) headers['retry-after'] = String(retryAfterSeconds);
    return { allowed, retryAfterSeconds, violated, headers };
  }
}
