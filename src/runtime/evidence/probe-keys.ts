import type { ProbeKeyInput, ProbeKeyView } from '../../core/evidence-api.js';
import { ed25519PublicKey, type VerifyKey } from '../../core/http-signature.js';
import { parseSecretReference } from '../../secrets/index.js';
import type { AuditInput } from '../model.js';
import { RuntimeProblem } from '../problem.js';
import { appendAudit } from '../store/audit-log.js';
import type { Queryable } from '../store/database.js';
import { toIso, toIsoOrNull, toStringOrNull } from '../store/rows.js';
import { resolveFor, type SecretLookup } from '../delivery/secret-refs.js';

interface KeyRow {
  keyid: string;
  probe: string;
  alg: 'ed25519' | 'hmac-sha256';
  public_key: string | null;
  secret_ref: string | null;
  created_at: unknown;
  revoked_at: unknown;
}

const COLUMNS = 'keyid, probe, alg, public_key, secret_ref, created_at, revoked_at';

function view(row: KeyRow): ProbeKeyView {
  return {
    keyid: row.keyid,
    probe: row.probe,
    alg: row.alg,
    publicKey: toStringOrNull(row.public_key),
    secretRef: toStringOrNull(row.secret_ref),
    createdAt: toIso(row.created_at),
    revokedAt: toIsoOrNull(row.revoked_at),
  };
}

function invalid(pointer: string, message: string): RuntimeProblem {
  return new RuntimeProblem('invalid-request', `${pointer}: ${message}`, { errors: [{ pointer, message }] });
}

/** Checks a key before it is stored: an Ed25519 key that parses, or an HMAC secret given only by reference. */
export function checkProbeKey(input: ProbeKeyInput): void {
  if (input.alg === 'ed25519') {
    if (!input.publicKey) throw invalid('/publicKey', 'an ed25519 key needs publicKey (base64 SPKI DER)');
    if (input.secretRef) throw invalid('/secretRef', 'an ed25519 key takes no secret');
    try {
      ed25519PublicKey(input.publicKey);
    } catch {
      throw invalid('/publicKey', 'not a base64 SPKI DER Ed25519 public key');
    }
  } else {
    if (!input.secretRef) throw invalid('/secretRef', 'an hmac-sha256 key needs secretRef (env:NAME, file:PATH or vault:PATH#key); the secret itself is never sent');
    if (input.publicKey) throw invalid('/publicKey', 'an hmac-sha256 key takes no public key');
    const parsed = parseSecretReference(input.secretRef);
    if ('error' in parsed) throw invalid('/secretRef', parsed.error);
  }
}

/** Registers or replaces a probe's key (replacing revives a revoked keyid only by being sent again). */
export async function putProbeKey(tx: Queryable, keyid: string, input: ProbeKeyInput, now: Date, audit: AuditInput): Promise<ProbeKeyView> {
  checkProbeKey(input);
  const [row] = await tx.query<KeyRow>(
    `INSERT INTO probe_keys (keyid, probe, alg, public_key, secret_ref, created_at) VALUES ($1, $2, $3, $4, $5, $6::timestamptz)
     ON CONFLICT (keyid) DO UPDATE SET probe = $2, alg = $3, public_key = $4, secret_ref = $5, created_at = $6::timestamptz, revoked_at = NULL
     RETURNING ${COLUMNS}`,
    [keyid, input.probe, input.alg, input.publicKey ?? null, input.secretRef ?? null, now.toISOString()],
  );
  await appendAudit(tx, { ...audit, data: { ...audit.data, keyid, probe: input.probe, alg: input.alg } }, now);
  return view(row);
}

export async function revokeProbeKey(tx: Queryable, keyid: string, now: Date, audit: AuditInput): Promise<ProbeKeyView> {
  const [row] = await tx.query<KeyRow>(`UPDATE probe_keys SET revoked_at = COALESCE(revoked_at, $2::timestamptz) WHERE keyid = $1 RETURNING ${COLUMNS}`, [keyid, now.toISOString()]);
  if (!row) throw new RuntimeProblem('not-found', `no probe key ${JSON.stringify(keyid)} (GET /v1/probes lists them)`);
  await appendAudit(tx, { ...audit, data: { ...audit.data, keyid, probe: row.probe } }, now);
  return view(row);
}

export async function listProbeKeys(db: Queryable): Promise<ProbeKeyView[]> {
  return (await db.query<KeyRow>(`SELECT ${COLUMNS} FROM probe_keys ORDER BY keyid`)).map(view);
}

/** An active probe key as the verifier uses it; `createdAt` tells this registration from a later one of the same keyid. */
export interface ProbeVerifyKey {
  probe: string;
  key: VerifyKey;
  createdAt: string;
}

/** The verification key of an active probe key, or null when the keyid is unknown, revoked or its secret cannot be resolved. */
export async function probeVerifyKey(db: Queryable, keyid: string, secrets: SecretLookup): Promise<ProbeVerifyKey | null> {
  const [row] = await db.query<KeyRow>(`SELECT ${COLUMNS} FROM probe_keys WHERE keyid = $1 AND revoked_at IS NULL`, [keyid]);
  if (!row) return null;
  const createdAt = toIso(row.created_at);
  if (row.alg === 'ed25519') return { probe: row.probe, key: { alg: 'ed25519', publicKey: ed25519PublicKey(row.public_key ?? '') }, createdAt };
  const secret = await resolveFor(secrets, row.secret_ref ?? '', `probe:${row.probe}`);
  return secret.ok ? { probe: row.probe, key: { alg: 'hmac-sha256', secret: Buffer.from(secret.value) }, createdAt } : null;
}
