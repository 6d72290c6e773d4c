/**
 * The wire vocabulary of data-subject erasure (`/v1/erasure…`), shared by the runtime that serves it and the
 * CLI and client that call it. Identifier checks live here so the CLI refuses a bad identifier before a call
 * and the runtime refuses the same input with the same words.
 */

export const IDENTIFIER_TYPES = ['email', 'accountId', 'phone'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

export interface SubjectIdentifier {
  type: IdentifierType;
  value: string;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
// E.164: a plus, a non-zero country digit, at most 15 digits in all.
const PHONE = /^\+[1-9]\d{6,14}$/;
const ACCOUNT = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

/** The identifier in its compared form (emails lower-cased, phone spaces removed), or why it is refused. */
export function normaliseIdentifier(type: string, value: string): { value: SubjectIdentifier } | { error: string } {
  if (!(IDENTIFIER_TYPES as readonly string[]).includes(type)) return { error: `unknown identifier type '${type}' (expected ${IDENTIFIER_TYPES.join(', ')})` };
  const t = type as IdentifierType;
  if (t === 'email') {
    const v = value.trim().toLowerCase();
    return EMAIL.test(v) && v.length <= 254 ? { value: { type: t, value: v } } : { error: `'${value}' is not an email address` };
  }
  if (t === 'phone') {
    const v = value.replace(/[\s().-]/g, '');
    return PHONE.test(v) ? { value: { type: t, value: v } } : { error: `'${value}' is not an E.164 phone number (+ and 7–15 digits)` };
  }
  return ACCOUNT.test(value) ? { value: { type: t, value } } : { error: `'${value}' is not an account id (letters, digits, . _ : @ -; at most 128)` };
}

/** The steps of one connector: a call (delete, suppress) or a tokenization obligation. */
export type StepState = 'pending' | 'in-progress' | 'retrying' | 'done' | 'failed' | 'waiting-for-evidence' | 'overdue';
export type ErasureStatus = 'open' | 'completed' | 'failed' | 'nothing-held';

export interface ErasureStepView {
  stepId: string;
  integration: string;
  method: 'delete' | 'suppress' | 'tokenize';
  operation: string | null;
  identifierType: IdentifierType;
  state: StepState;
  attempts: number;
  nextAttemptAt: string | null;
  /** Tokenization: when the vendor's evidence is due. */
  dueAt: string | null;
  /** The last outcome in one line (vendor status, error, evidence reference). */
  outcome: string | null;
  updatedAt: string;
}

export interface ErasureRequestView {
  id: string;
  status: ErasureStatus;
  /** Identifier types and SHA-256 digests of their values: the values themselves are not served back. */
  identifiers: { type: IdentifierType; sha256: string }[];
  legalBasis: string;
  deadline: string;
  jurisdiction: string | null;
  createdAt: string;
  createdBy: string;
  steps: ErasureStepView[];
}

export interface ErasureRequestInput {
  /** A client-chosen id makes the request idempotent: the same id and content answer the existing request. */
  id?: string;
  identifiers: { type: string; value: string }[];
  legalBasis: string;
  /** ISO date or date-time; default 30 days from receipt. */
  deadline?: string;
  /** Only integrations whose `data.subjects` include this jurisdiction (eu, uk, us …). */
  jurisdiction?: string;
}

/** One evidence item: what happened, its digest and the audit entry that holds that digest. */
export interface EvidenceItem {
  seq: number;
  stepId: string | null;
  kind: string;
  at: string;
  data: Record<string, unknown>;
  sha256: string;
  audit: { seq: number; at: string; actor: string; action: string; target: string | null; data: Record<string, unknown>; prevHash: string; hash: string };
}

export interface EvidenceBundle {
  format: 'interlock.erasure-evidence/v1';
  request: ErasureRequestView;
  items: EvidenceItem[];
  generatedAt: string;
  /** SHA-256 of the canonical JSON of everything above; the export is audited with it. */
  digest: string;
  signature: { algorithm: 'ed25519'; publicKey: string; value: string };
  /** The audit entry recording this export (digest and signing key fingerprint). */
  exportAudit: { seq: number; hash: string };
}
