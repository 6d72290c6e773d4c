import { canonicalJson, sha256Hex } from '../../core/canonical-json.js';
import type { EvidenceItem } from '../../core/erasure-api.js';
import { appendAudit } from '../store/audit-log.js';
import type { Queryable } from '../store/database.js';
import { toIso, toNumber } from '../store/rows.js';

export const ERASURE_ACTOR = 'runtime:erasure';

/**
 * Appends one evidence item inside the caller's transaction: the item (what was called, what the vendor
 * answered) is kept in full in `erasure_evidence`, and an audit entry carries its SHA-256, so the item can
 * later be checked against the hash chain. Returns the item's digest.
 */
export async function appendEvidence(
  tx: Queryable,
  item: { requestId: string; stepId: string | null; kind: string; data: Record<string, unknown>; actor?: string },
  now: Date,
): Promise<string> {
  const [row] = await tx.query<{ n: unknown }>('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM erasure_evidence WHERE request_id = $1', [item.requestId]);
  const seq = toNumber(row.n);
  const at = now.toISOString();
  const data = JSON.parse(canonicalJson(item.data)) as Record<string, unknown>;
  const sha256 = evidenceDigest({ requestId: item.requestId, seq, stepId: item.stepId, kind: item.kind, at, data });
  const target = item.stepId ? `Erasure/${item.requestId}/${item.stepId}` : `Erasure/${item.requestId}`;
  const entry = await appendAudit(tx, { actor: item.actor ?? ERASURE_ACTOR, action: `erasure.${item.kind}`, target, data: { evidence: seq, sha256 } }, now);
  await tx.query('INSERT INTO erasure_evidence (request_id, seq, step_id, kind, at, data, sha256, audit_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    item.requestId,
    seq,
    item.stepId,
    item.kind,
    at,
    canonicalJson(data),
    sha256,
    entry.seq,
  ]);
  return sha256;
}

/** The digest an evidence item is audited with: over its request, position, step, kind, time and data. */
export function evidenceDigest(item: { requestId: string; seq: number; stepId: string | null; kind: string; at: string; data: Record<string, unknown> }): string {
  return sha256Hex(canonicalJson(item));
}

interface EvidenceRow {
  seq: unknown;
  step_id: string | null;
  kind: string;
  at: unknown;
  data: string;
  sha256: string;
  audit_seq: unknown;
  a_at: string;
  actor: string;
  action: string;
  target: string | null;
  a_data: string;
  prev_hash: string;
  hash: string;
}

/** A request's evidence items in order, each with the audit entry that carries its digest. */
export async function readEvidence(db: Queryable, requestId: string): Promise<EvidenceItem[]> {
  const rows = await db.query<EvidenceRow>(
    `SELECT e.seq, e.step_id, e.kind, e.at, e.data, e.sha256, e.audit_seq, a.at AS a_at, a.actor, a.action, a.target, a.data AS a_data, a.prev_hash, a.hash
       FROM erasure_evidence e JOIN audit_log a ON a.seq = e.audit_seq
      WHERE e.request_id = $1 ORDER BY e.seq`,
    [requestId],
  );
  return rows.map((r) => ({
    seq: toNumber(r.seq),
    stepId: r.step_id,
    kind: r.kind,
    at: toIso(r.at),
    data: JSON.parse(r.data) as Record<string, unknown>,
    sha256: r.sha256,
    audit: { seq: toNumber(r.audit_seq), at: r.a_at, actor: r.actor, action: r.action, target: r.target, data: JSON.parse(r.a_data) as Record<string, unknown>, prevHash: r.prev_hash, hash: r.hash },
  }));
}
