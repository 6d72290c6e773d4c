/**
 * A token bucket per client for failed authentication: each refused request takes a token, tokens come
 * back at `refillPerSecond` up to `capacity`. An empty bucket means the client is refused (429) before
 * any work is done for it — no token lookup, no audit write. Successful requests never touch it.
 * The clock is injected (milliseconds) so tests drive time; memory is bounded by `maxClients` (the
 * longest-idle client is forgotten first, which only ever makes it more lenient).
 */
export interface FailedAuthLimits {
  capacity: number;
  refillPerSecond: number;
  maxClients: number;
}

export const DEFAULT_FAILED_AUTH_LIMITS: FailedAuthLimits = { capacity: 20, refillPerSecond: 1, maxClients: 10_000 };

interface Bucket {
  tokens: number;
  at: number;
}

export class FailedAuthLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: FailedAuthLimits = DEFAULT_FAILED_AUTH_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether `client` may still fail (true) or must be refused outright (false). */
  allows(client: string): boolean {
    const bucket = this.buckets.get(client);
    return !bucket || this.refill(bucket) >= 1;
  }

  /** Records one failed authentication by `client`. */
  failed(client: string): void {
    let bucket = this.buckets.get(client);
    if (bucket) {
      this.refill(bucket);
      this.buckets.delete(client); // re-insert: Map order is then least recently failed first
    } else {
      if (this.buckets.size >= this.limits.maxClients) this.buckets.delete(this.buckets.keys().next().value!);
      bucket = { tokens: this.limits.capacity, at: this.now() };
    }
    bucket.tokens = Math.max(0, bucket.tokens - 1);
    this.buckets.set(client, bucket);
  }

  /** Whole seconds until `client` may try again (for `Retry-After`). */
  retryAfterSeconds(client: string): number {
    const bucket = this.buckets.get(client);
    if (!bucket) return 0;
    const missing = 1 - this.refill(bucket);
    return missing <= 0 ? 0 : Math.ceil(missing / this.limits.refillPerSecond);
  }

  private refill(bucket: Bucket): number {
    const t = this.now();
    bucket.tokens = Math.min(this.limits.capacity, bucket.tokens + ((t - bucket.at) / 1000) * this.limits.refillPerSecond);
    bucket.at = t;
    return bucket.tokens;
  }
}
