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
  const [row] = await db.query<{ id: string; role: string }>('SELECT id, role FROM access_tokens WHERE token_hash = $1', [hashToken(token)]);
  return row ?? null;
}
