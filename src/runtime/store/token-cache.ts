import type { Queryable } from './database.js';
import { findTokenByHash, hashToken } from './tokens.js';

/** How long a verified token is trusted without asking the database again. */
export const TOKEN_CACHE_TTL_MS = 30_000;
/** A token's last-used time is written at most this often. */
export const LAST_USED_INTERVAL_MS = 60_000;
const TOKEN_CACHE_MAX = 1000;

export interface FoundToken {
  id: string;
  role: string;
  /** Null: a platform operator token. */
  tenant: string | null;
  /** Null: unscoped. */
  scopes: string[] | null;
}

interface Entry extends FoundToken {
  until: number;
  expiresAt: number | null;
}

/**
 * Every authenticated request looks its bearer token up; on the embedded engine that statement (~2 ms)
 * queues behind event acceptance and delivery on the single backend. Found tokens are remembered by
 * hash (never in the clear) for a short time, with their expiry, which is judged on every request;
 * unknown tokens are always looked up, so a new token works at once. A token revoked or rotated through
 * this store is forgotten at once; one revoked by another process on the same PostgreSQL database
 * stops working here within the TTL.
 *
 * The last-used time is written in the background at most once a minute per token, so an authenticated
 * read never waits on it and a busy token costs one write a minute.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly lastWritten = new Map<string, number>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly db: Queryable,
    private readonly ttlMs = TOKEN_CACHE_TTL_MS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The token when it exists, is not revoked and has not expired at `now` (default: the cache's clock). */
  async find(token: string, now = this.clock()): Promise<FoundToken | null> {
    const hash = hashToken(token);
    const hit = this.entries.get(hash);
    if (hit && hit.until > now) return this.used(hit, now);
    if (hit) this.entries.delete(hash);
    const found = await findTokenByHash(this.db, hash);
    if (!found) return null;
    if (this.entries.size >= TOKEN_CACHE_MAX) this.entries.delete(this.entries.keys().next().value!);
    const entry = { ...found, until: now + this.ttlMs };
    this.entries.set(hash, entry);
    return this.used(entry, now);
  }

  /** The token when it is remembered as valid, without asking the database (for callers being rate limited). */
  peek(token: string, now = this.clock()): FoundToken | null {
    const hit = this.entries.get(hashToken(token));
    return hit && hit.until > now ? this.used(hit, now) : null;
  }

  /** Forgets a token whose validity changed (revoked, rotated). */
  forget(id: string): void {
    for (const [hash, entry] of this.entries) if (entry.id === id) this.entries.delete(hash);
  }

  clear(): void {
    this.entries.clear();
  }

  /** Waits for last-used writes in flight (before the database closes). */
  async settle(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private used(entry: Entry, now: number): FoundToken | null {
    if (entry.expiresAt !== null && entry.expiresAt <= now) return null;
    const last = this.lastWritten.get(entry.id);
    if (last === undefined || now - last >= LAST_USED_INTERVAL_MS) {
      this.lastWritten.set(entry.id, now);
      const write = this.db
        .query('UPDATE access_tokens SET last_used_at = GREATEST(COALESCE(last_used_at, $2::timestamptz), $2::timestamptz) WHERE id = $1', [entry.id, new Date(now).toISOString()])
        .then(
          () => undefined,
          // Losing one last-used time (a closing or lost database) must never fail the request that used the token.
          () => undefined,
        );
      this.pending.add(write);
      void write.finally(() => this.pending.delete(write));
    }
    return { id: entry.id, role: entry.role, tenant: entry.tenant, scopes: entry.scopes };
  }
}
