import { createHash, randomBytes } from 'node:crypto';
import type { CreatedToken, TokenView } from '../../core/token-api.js';
import type { AuditInput } from '../model.js';
import { RuntimeProblem } from '../problem.js';
import type { MutationContext } from './apply-batch.js';
import { appendAudit } from './audit-log.js';
import type { Queryable } from './database.js';
import { toIso, toIsoOrNull, toStringOrNull } from './rows.js';

export const TOKEN_PREFIX = 'ilk_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface NewTokenOptions {
  label?: string | null;
  /** Null or absent: a platform operator token. */
  tenant?: string | null;
  /** Null or absent: never expires. */
  expiresAt?: Date | null;
  /** Null or absent: unscoped (the role alone decides). */
  scopes?: readonly string[] | null;
}

export interface RotateOptions {
  /** How long the old token keeps working; 0 revokes it at once. */
  overlapSeconds?: number;
  /** The new token's expiry; by default it gets the old token's lifetime again, from now. */
  expiresAt?: Date | null;
}

interface TokenRow {
  id: string;
  role: string;
  tenant: string | null;
  label: string | null;
  created_at: unknown;
  expires_at: unknown;
  last_used_at: unknown;
  revoked_at: unknown;
  replaced_by: string | null;
  scopes: string[] | null;
}

const COLUMNS = 'id, role, tenant, label, created_at, expires_at, last_used_at, revoked_at, replaced_by, scopes';

function view(row: TokenRow): TokenView {
  return {
    id: row.id,
    role: row.role,
    tenant: toStringOrNull(row.tenant),
    label: toStringOrNull(row.label),
    createdAt: toIso(row.created_at),
    expiresAt: toIsoOrNull(row.expires_at),
    lastUsedAt: toIsoOrNull(row.last_used_at),
    revokedAt: toIsoOrNull(row.revoked_at),
    replacedBy: toStringOrNull(row.replaced_by),
    scopes: row.scopes ?? null,
  };
}

/** What an audit entry says of a token: everything listed, never the secret. */
function audited(audit: AuditInput | undefined, data: Record<string, unknown>): AuditInput | undefined {
  return audit && { ...audit, data: { ...audit.data, ...data } };
}

/** Creates a bearer token scoped to `role`; only its hash is stored, the secret is returned once. */
export async function createToken(tx: Queryable, role: string, now: Date, opts: NewTokenOptions = {}, audit?: AuditInput): Promise<CreatedToken> {
  const id = randomBytes(6).toString('hex');
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const [row] = await tx.query<TokenRow>(
    `INSERT INTO access_tokens (id, token_hash, role, tenant, label, created_at, expires_at, scopes) VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz, $8::text[]) RETURNING ${COLUMNS}`,
    [id, hashToken(token), role, opts.tenant ?? null, opts.label ?? null, now.toISOString(), opts.expiresAt ? opts.expiresAt.toISOString() : null, opts.scopes ? [...opts.scopes] : null],
  );
  const created = view(row);
  const entry = audited(audit, { id, role, tenant: created.tenant, label: created.label, expiresAt: created.expiresAt, scopes: created.scopes });
  if (entry) await appendAudit(tx, entry, now);
  return { ...created, token };
}

export async function listTokens(db: Queryable): Promise<TokenView[]> {
  return (await db.query<TokenRow>(`SELECT ${COLUMNS} FROM access_tokens ORDER BY created_at, id`)).map(view);
}

async function lockToken(tx: Queryable, id: string): Promise<TokenRow> {
  const [row] = await tx.query<TokenRow>(`SELECT ${COLUMNS} FROM access_tokens WHERE id = $1 FOR UPDATE`, [id]);
  if (!row) throw new RuntimeProblem('not-found', `no token ${JSON.stringify(id)} (GET /v1/tokens lists them)`);
  return row;
}

function active(row: TokenRow, now: Date): boolean {
  return row.revoked_at === null && (row.expires_at === null || new Date(toIso(row.expires_at)) > now);
}

/** Revokes a token at once (revoking a revoked token changes nothing). */
export async function revokeToken(tx: Queryable, id: string, ctx: MutationContext, audit?: AuditInput): Promise<TokenView> {
  const row = await lockToken(tx, id);
  const [after] =
    row.revoked_at === null
      ? await tx.query<TokenRow>(`UPDATE access_tokens SET revoked_at = $2::timestamptz WHERE id = $1 RETURNING ${COLUMNS}`, [id, ctx.now.toISOString()])
      : [row];
  const entry = audited(audit, { id, role: row.role });
  if (entry) await appendAudit(tx, entry, ctx.now);
  return view(after);
}

/**
 * Issues a new secret with the same role, tenant, label and scopes. The old token stays valid for the overlap (so
 * callers can be switched over) and is revoked at once without one. A revoked or expired token cannot
 * be rotated: it would bring a dead credential back to life.
 */
export async function rotateToken(tx: Queryable, id: string, opts: RotateOptions, ctx: MutationContext, audit?: AuditInput): Promise<CreatedToken> {
  const old = await lockToken(tx, id);
  if (!active(old, ctx.now)) throw new RuntimeProblem('token-inactive', `token ${id} is revoked or expired; create a new one`);
  const lifetime = old.expires_at === null ? null : new Date(toIso(old.expires_at)).getTime() - new Date(toIso(old.created_at)).getTime();
  const expiresAt = opts.expiresAt !== undefined ? opts.expiresAt : lifetime === null ? null : new Date(ctx.now.getTime() + lifetime);
  const created = await createToken(tx, old.role, ctx.now, { tenant: old.tenant, label: old.label, expiresAt, scopes: old.scopes });
  const overlap = opts.overlapSeconds ?? 0;
  if (overlap > 0) {
    const until = new Date(ctx.now.getTime() + overlap * 1000);
    await tx.query('UPDATE access_tokens SET replaced_by = $2, expires_at = LEAST(COALESCE(expires_at, $3::timestamptz), $3::timestamptz) WHERE id = $1', [id, created.id, until.toISOString()]);
  } else {
    await tx.query('UPDATE access_tokens SET replaced_by = $2, revoked_at = $3::timestamptz WHERE id = $1', [id, created.id, ctx.now.toISOString()]);
  }
  const entry = audited(audit, { id, role: old.role, newId: created.id, overlapSeconds: overlap, expiresAt: created.expiresAt });
  if (entry) await appendAudit(tx, entry, ctx.now);
  return created;
}

/** The token's id, role, tenant, scopes and expiry when it exists and is not revoked (expiry is judged by the caller's clock). */
export async function findTokenByHash(
  db: Queryable,
  hash: string,
): Promise<{ id: string; role: string; tenant: string | null; scopes: string[] | null; expiresAt: number | null } | null> {
  const [row] = await db.query<{ id: string; role: string; tenant: string | null; scopes: string[] | null; expires_at: unknown }>(
    'SELECT id, role, tenant, scopes, expires_at FROM access_tokens WHERE token_hash = $1 AND revoked_at IS NULL',
    [hash],
  );
  return row
    ? { id: row.id, role: row.role, tenant: row.tenant ?? null, scopes: row.scopes ?? null, expiresAt: row.expires_at === null ? null : new Date(toIso(row.expires_at)).getTime() }
    : null;
}
