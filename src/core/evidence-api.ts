/**
 * The partner API's evidence vocabulary (`/v1/evidence`, `/v1/evidence-types`, `/v1/probes`): what a probe
 * sends, what the runtime stores and answers, shared by the runtime and the probe SDK.
 */

/** `POST /v1/evidence`: one piece of evidence for a control, signed by the probe that collected it. */
export interface EvidenceInput {
  /** A registered evidence type; `payload` is checked against its JSON Schema. */
  type: string;
  controlId: string;
  /** Where the evidence came from (system, account, host). */
  source: string;
  collectedAt: string;
  payload: Record<string, unknown>;
  /** The same key sent again (a retry) returns the first record with `duplicate: true`. */
  idempotencyKey?: string;
}

export interface EvidenceRecord {
  seq: number;
  id: string;
  type: string;
  controlId: string;
  source: string;
  collectedAt: string;
  receivedAt: string;
  probe: string;
  keyid: string;
  idempotencyKey: string;
  payload: Record<string, unknown>;
  /** sha-256 (hex) of the payload's canonical JSON; the audit entry at `auditSeq` holds the same digest. */
  payloadDigest: string;
  auditSeq: number;
}

export interface EvidenceAccepted extends Omit<EvidenceRecord, 'payload'> {
  duplicate: boolean;
  /** The hash of the audit entry at `auditSeq` (API 1.1; left out of 1.0 answers). */
  auditHash?: string;
}

export interface EvidenceTypeView {
  name: string;
  schema: Record<string, unknown>;
  schemaDigest: string;
  createdAt: string;
  updatedAt: string;
}

export type ProbeKeyAlgorithm = 'ed25519' | 'hmac-sha256';

/** `PUT /v1/probes/{keyid}`: Ed25519 takes the public key (base64 SPKI DER); HMAC a secret reference. */
export interface ProbeKeyInput {
  probe: string;
  alg: ProbeKeyAlgorithm;
  publicKey?: string;
  secretRef?: string;
}

export interface ProbeKeyView {
  keyid: string;
  probe: string;
  alg: ProbeKeyAlgorithm;
  publicKey: string | null;
  secretRef: string | null;
  createdAt: string;
  revokedAt: string | null;
}
