/**
 * The admin API's access-token vocabulary (`/v1/tokens`): what a token is apart from its secret, and the
 * secret handed out once at creation or rotation.
 */

/**
 * A tenant id: a lowercase slug (DNS-label shaped, so it can name schemas, buckets and log fields as it is).
 * The same pattern is in the admin contract's `CreateTokenRequest.tenant`.
 */
export const TENANT_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** A token as listed: never its secret nor its hash. */
export interface TokenView {
  id: string;
  role: string;
  /** The tenant the token belongs to; null: a platform operator token, bound to no tenant. */
  tenant: string | null;
  label: string | null;
  createdAt: string;
  /** Null: never expires. */
  expiresAt: string | null;
  /** Recorded at most once a minute per token, so it may lag by that much. */
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** The token that replaced this one by rotation. */
  replacedBy: string | null;
  /** Null: the role alone decides. A list narrows the role to these scopes (docs/runtime/scopes.md). */
  scopes: string[] | null;
}

/** A new token: its secret is in `token` and is never shown again. */
export interface CreatedToken extends TokenView {
  token: string;
}

/** `POST /v1/tokens`. */
export interface CreateTokenRequest {
  role: string;
  /** Absent: a platform operator token. */
  tenant?: string;
  label?: string;
  expiresAt?: string;
  /** `<family>:<action>` (`evidence:write`) or `integrations:<name>:read|write`. */
  scopes?: string[];
}

/** `POST /v1/tokens/{id}/rotate`: the old token stays valid for `overlapSeconds` (0: revoked at once). */
export interface RotateTokenRequest {
  overlapSeconds?: number;
  expiresAt?: string;
}
