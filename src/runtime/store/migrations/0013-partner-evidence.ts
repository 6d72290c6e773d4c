import type { Migration } from './migration.js';

/**
 * The partner API. Evidence types hold the JSON Schema each type's payload is checked against; probe keys
 * hold an Ed25519 public key or, for HMAC, only a secret reference (resolved when a request is verified,
 * never stored resolved). Evidence is append-only (a trigger refuses UPDATE and DELETE) and each row names
 * the audit entry that recorded it, whose hash covers the payload's digest. Nonces seen inside the replay
 * window are kept so a replayed signature is refused even after a restart. Tokens gain scopes: null is an
 * unscoped token (its role alone decides), a list narrows the role to those scopes.
 */
export const partnerEvidenceMigration: Migration = {
  id: 13,
  name: 'partner-evidence',
  up: `
CREATE TABLE evidence_types (
  name text PRIMARY KEY,
  schema text NOT NULL,
  schema_digest text NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE probe_keys (
  keyid text PRIMARY KEY,
  probe text NOT NULL,
  alg text NOT NULL CHECK (alg IN ('ed25519', 'hmac-sha256')),
  public_key text,
  secret_ref text,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  CHECK ((alg = 'ed25519' AND public_key IS NOT NULL) OR (alg = 'hmac-sha256' AND secret_ref IS NOT NULL))
);

CREATE TABLE probe_nonces (
  keyid text NOT NULL,
  nonce text NOT NULL,
  signed_at timestamptz NOT NULL,
  PRIMARY KEY (keyid, nonce)
);
CREATE INDEX probe_nonces_signed_at ON probe_nonces (signed_at);

CREATE TABLE evidence (
  seq bigint PRIMARY KEY,
  id text NOT NULL UNIQUE,
  type text NOT NULL REFERENCES evidence_types (name),
  control_id text NOT NULL,
  source text NOT NULL,
  collected_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  probe text NOT NULL,
  keyid text NOT NULL,
  idempotency_key text NOT NULL,
  payload text NOT NULL,
  payload_digest text NOT NULL,
  audit_seq bigint NOT NULL,
  UNIQUE (probe, idempotency_key)
);
CREATE INDEX evidence_control ON evidence (control_id, seq);

CREATE FUNCTION interlock_evidence_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'evidence is append-only';
END
$$;
CREATE TRIGGER evidence_append_only BEFORE UPDATE OR DELETE ON evidence FOR EACH ROW EXECUTE FUNCTION interlock_evidence_append_only();

ALTER TABLE access_tokens ADD COLUMN scopes text[];
`,
};
