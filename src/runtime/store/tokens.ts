import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from './database.js';

export const TOKEN_PREFIX = 'ilk_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a bearer token scoped to `role`; only its hash is stored, the token itself is returned once. */
export async function createToken(db: Queryable, role: string, now: Date, label?: string): Promise<{ id: string; token: string; role: string }> {
  const id = randomBytes(6).toString('hex');
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  await db.query('INSERT INTO access_tokens (id, token_hash, role, label, created_at) VALUES ($1, $2, $3, $4, $5::timestamptz)', [
    id,
    hashToken(token),
    role,
    label ?? null,
    now.toISOString(),
  ]);
  return { id, token, role };
}

export async function findToken(db: Queryable, token: string): Promise<{ id: string; role: string } | null> {
  return findTokenByHash(db, hashToken(token));
}

async function findTokenByHash(db: Queryable, hash: string): Promise<{ id: string; role: string } | null> {
  const [row] = await db.query<{ id: string; role: string }>('SELECT id, role FROM access_tokens WHERE token_hash = $1', [hash]);
  return row ?? null;
}

/** How long a verified token is trusted without asking the database again. */
export const TOKEN_CACHE_TTL_MS = 30_000;
const TOKEN_CACHE_MAX = 1000;

/**
 * Every authenticated request looks its bearer token up; on the embedded engine that statement (~2 ms)
 * queues behind event acceptance and delivery on the single backend. Found tokens are remembered by
 * hash (never in the clear) for a short time; unknown tokens are always looked up, so a new token works
 * at once. Tokens cannot be revoked through the runtime; one removed from the database directly stops
 * working within the TTL.
 */
export class TokenCache {
  private readonly entries = new Map<string, { id: string; role: string; until: number }>();

  constructor(
    private readonly db: Queryable,
    private readonly ttlMs = TOKEN_CACHE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  async find(token: string): Promise<{ id: string; role: string } | null> {
    const hash = hashToken(token);
    const t = this.now();
    const hit = this.entries.get(hash);
    if (hit && hit.until > t) return { id: hit.id, role: hit.role };
    if (hit) this.entries.delete(hash);
    const found = await findTokenByHash(this.db, hash);
    if (found) {
      if (this.entries.size >= TOKEN_CACHE_MAX) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(hash, { ...found, until: t + this.ttlMs });
    }
    return found;
  }

  /** The token when it is remembered as valid, without asking the database (for callers being rate limited). */
  peek(token: string): { id: string; role: string } | null {
    const hit = this.entries.get(hashToken(token));
    return hit && hit.until > this.now() ? { id: hit.id, role: hit.role } : null;
  }

  clear(): void {
    this.entries.clear();
  }
}
