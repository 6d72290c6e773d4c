import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson } from '../../core/canonical-json.js';
import type { EvidenceAccepted, EvidenceInput, EvidenceRecord } from '../../core/evidence-api.js';
import type { AuditInput } from '../model.js';
import { RuntimeProblem } from '../problem.js';
import { appendAudit } from '../store/audit-log.js';
import type { Queryable } from '../store/database.js';
import { toIso, toNumber } from '../store/rows.js';
import type { VerifiedSignature } from './verify-signature.js';

interface EvidenceRow {
  seq: unknown;
  id: string;
  type: string;
  control_id: string;
  source: string;
  collected_at: unknown;
  received_at: unknown;
  probe: string;
  keyid: string;
  idempotency_key: string;
  payload: string;
  payload_digest: string;
  audit_seq: unknown;
}

const COLUMNS = 'seq, id, type, control_id, source, collected_at, received_at, probe, keyid, idempotency_key, payload, payload_digest, audit_seq';

function record(row: EvidenceRow): EvidenceRecord {
  return {
    seq: toNumber(row.seq),
    id: row.id,
    type: row.type,
    controlId: row.control_id,
    source: row.source,
    collectedAt: toIso(row.collected_at),
    receivedAt: toIso(row.received_at),
    probe: row.probe,
    keyid: row.keyid,
    idempotencyKey: row.idempotency_key,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    payloadDigest: row.payload_digest,
    auditSeq: toNumber(row.audit_seq),
  };
}

function accepted(r: EvidenceRecord, duplicate: boolean): EvidenceAccepted {
  const { payload: _payload, ...rest } = r;
  return { ...rest, duplicate };
}

/**
 * Stores one verified piece of evidence, in one transaction with its nonce and its audit entry. The nonce
 * is recorded first: a signature seen before is a replay, refused even when its body was a retry. The
 * audit head is locked before the idempotency lookup, so concurrent sends of one key serialise and the
 * second finds the first (stored once). Without an idempotency key the signature's nonce stands in, so
 * each signed send is its own record.
 */
export async function storeEvidence(
  tx: Queryable,
  input: EvidenceInput,
  sig: VerifiedSignature,
  now: Date,
  replayWindowSeconds: number,
  audit: AuditInput,
): Promise<EvidenceAccepted> {
  await tx.query('DELETE FROM probe_nonces WHERE signed_at < $1::timestamptz', [new Date(now.getTime() - replayWindowSeconds * 1000).toISOString()]);
  const fresh = await tx.query('INSERT INTO probe_nonces (keyid, nonce, signed_at) VALUES ($1, $2, $3::timestamptz) ON CONFLICT DO NOTHING RETURNING nonce', [
    sig.keyid,
    sig.nonce,
    new Date(sig.created * 1000).toISOString(),
  ]);
  if (!fresh.length) throw new RuntimeProblem('signature-replayed', `nonce ${JSON.stringify(sig.nonce)} of key ${sig.keyid} was used before`, { reason: 'replayed' });
  await tx.query('SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE');
  const key = input.idempotencyKey ?? `nonce:${sig.keyid}:${sig.nonce}`;
  const [existing] = await tx.query<EvidenceRow>(`SELECT ${COLUMNS} FROM evidence WHERE probe = $1 AND idempotency_key = $2`, [sig.probe, key]);
  if (existing) return accepted(record(existing), true);
  const payload = canonicalJson(input.payload);
  const payloadDigest = createHash('sha256').update(payload).digest('hex');
  const id = `ev_${randomBytes(10).toString('hex')}`;
  const [{ next }] = await tx.query<{ next: unknown }>('SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM evidence');
  const seq = toNumber(next);
  const entry = await appendAudit(
    tx,
    { ...audit, target: `evidence/${id}`, data: { ...audit.data, evidence: id, seq, type: input.type, controlId: input.controlId, probe: sig.probe, keyid: sig.keyid, payloadDigest } },
    now,
  );
  const [row] = await tx.query<EvidenceRow>(
    `INSERT INTO evidence (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz, $8, $9, $10, $11, $12, $13) RETURNING ${COLUMNS}`,
    [seq, id, input.type, input.controlId, input.source, input.collectedAt, now.toISOString(), sig.probe, sig.keyid, key, payload, payloadDigest, entry.seq],
  );
  return accepted(record(row), false);
}

export interface EvidenceQuery {
  after: number;
  limit: number;
  type?: string;
  controlId?: string;
}

/** One page in `seq` order after the cursor; `next` is the cursor of the following page (null at the end). */
export async function listEvidence(db: Queryable, q: EvidenceQuery): Promise<{ records: EvidenceRecord[]; next: number | null }> {
  const rows = await db.query<EvidenceRow>(
    `SELECT ${COLUMNS} FROM evidence WHERE seq > $1 AND ($2::text IS NULL OR type = $2) AND ($3::text IS NULL OR control_id = $3) ORDER BY seq LIMIT $4`,
    [q.after, q.type ?? null, q.controlId ?? null, q.limit + 1],
  );
  const records = rows.slice(0, q.limit).map(record);
  return { records, next: rows.length > q.limit ? records[records.length - 1].seq : null };
}
