import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson } from '../../core/canonical-json.js';
import type { EvidenceAccepted, EvidenceInput, EvidenceRecord } from '../../core/evidence-api.js';
import type { AuditInput } from '../model.js';
import { RuntimeProblem } from '../problem.js';
import { auditHeadMissing, chainAuditEntries } from '../store/audit-log.js';
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

function accepted(r: EvidenceRecord, duplicate: boolean, auditHash: string): EvidenceAccepted {
  const { payload: _payload, ...rest } = r;
  return { ...rest, duplicate, auditHash };
}

/** What the storing transaction found stale: the caller forgets its cached copy and tries once more. */
export type StaleCache = 'key' | 'type';

/** The registrations a send was checked against, confirmed in the storing transaction. */
export interface CheckedAgainst {
  /** The schema digest of the type the payload was validated with. */
  schemaDigest: string;
  /** Nonces signed before this are dropped in this transaction (the service does it now and then, not every send). */
  pruneNoncesBefore?: Date;
}

/**
 * Stores one verified piece of evidence, in one transaction with its nonce and its audit entry, in three
 * statements. The first locks the audit head, confirms the key and the schema the request was checked
 * against are still the registered ones (the caller's caches may be stale), and records the nonce: a
 * signature seen before is a replay, refused even when its body was a retry. The second, a fresh snapshot
 * under the lock, finds a record of the same idempotency key (concurrent sends of one key serialise on the
 * head, so the second finds the first: stored once) and the next seq. The third writes the audit entry, the
 * new head and the record together. Without an idempotency key the signature's nonce stands in, so each
 * signed send is its own record.
 */
export async function storeEvidence(
  tx: Queryable,
  input: EvidenceInput,
  sig: VerifiedSignature,
  checked: CheckedAgainst,
  now: Date,
  audit: AuditInput,
): Promise<EvidenceAccepted | { stale: StaleCache }> {
  if (checked.pruneNoncesBefore) await tx.query('DELETE FROM probe_nonces WHERE signed_at < $1::timestamptz', [checked.pruneNoncesBefore.toISOString()]);
  const [gate] = await tx.query<{ head: boolean; key_ok: boolean; type_ok: boolean; fresh: boolean }>(
    `WITH h AS (SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE),
          k AS (SELECT 1 FROM probe_keys WHERE keyid = $1 AND revoked_at IS NULL AND created_at = $4::timestamptz),
          t AS (SELECT 1 FROM evidence_types WHERE name = $5 AND schema_digest = $6),
          n AS (INSERT INTO probe_nonces (keyid, nonce, signed_at) SELECT $1, $2, $3::timestamptz WHERE EXISTS (SELECT 1 FROM k) AND EXISTS (SELECT 1 FROM t)
                ON CONFLICT DO NOTHING RETURNING 1)
     SELECT EXISTS (SELECT 1 FROM h) AS head, EXISTS (SELECT 1 FROM k) AS key_ok, EXISTS (SELECT 1 FROM t) AS type_ok, EXISTS (SELECT 1 FROM n) AS fresh`,
    [sig.keyid, sig.nonce, new Date(sig.created * 1000).toISOString(), sig.keyCreatedAt, input.type, checked.schemaDigest],
  );
  if (!gate.head) throw auditHeadMissing();
  if (!gate.key_ok) return { stale: 'key' };
  if (!gate.type_ok) return { stale: 'type' };
  if (!gate.fresh) throw new RuntimeProblem('signature-replayed', `nonce ${JSON.stringify(sig.nonce)} of key ${sig.keyid} was used before`, { reason: 'replayed' });
  const key = input.idempotencyKey ?? `nonce:${sig.keyid}:${sig.nonce}`;
  const [found] = await tx.query<Partial<EvidenceRow> & { head_seq: unknown; head_hash: string; next_seq: unknown; audit_hash: string | null }>(
    `SELECT h.seq AS head_seq, h.hash AS head_hash, (SELECT COALESCE(MAX(seq), 0) + 1 FROM evidence) AS next_seq,
            (SELECT a.hash FROM audit_log a WHERE a.seq = e.audit_seq) AS audit_hash, ${COLUMNS.split(', ').map((c) => `e.${c}`).join(', ')}
       FROM audit_head h LEFT JOIN evidence e ON e.probe = $1 AND e.idempotency_key = $2 WHERE h.id = 1`,
    [sig.probe, key],
  );
  if (found.id) return accepted(record(found as EvidenceRow), true, found.audit_hash ?? '');
  const payload = canonicalJson(input.payload);
  const payloadDigest = createHash('sha256').update(payload).digest('hex');
  const id = `ev_${randomBytes(10).toString('hex')}`;
  const seq = toNumber(found.next_seq);
  const [entry] = chainAuditEntries(
    { seq: toNumber(found.head_seq), hash: found.head_hash },
    [{ ...audit, target: `evidence/${id}`, data: { ...audit.data, evidence: id, seq, type: input.type, controlId: input.controlId, probe: sig.probe, keyid: sig.keyid, payloadDigest } }],
    now,
  );
  const [row] = await tx.query<EvidenceRow>(
    `WITH a AS (INSERT INTO audit_log (seq, at, actor, action, target, data, prev_hash, hash) VALUES ($14, $15, $16, $17, $18, $19, $20, $21)),
          h AS (UPDATE audit_head SET seq = $14, hash = $21 WHERE id = 1)
     INSERT INTO evidence (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::timestamptz, $8, $9, $10, $11, $12, $13) RETURNING ${COLUMNS}`,
    [
      seq,
      id,
      input.type,
      input.controlId,
      input.source,
      input.collectedAt,
      now.toISOString(),
      sig.probe,
      sig.keyid,
      key,
      payload,
      payloadDigest,
      entry.seq,
      entry.seq,
      entry.at,
      entry.actor,
      entry.action,
      entry.target,
      canonicalJson(entry.data),
      entry.prevHash,
      entry.hash,
    ],
  );
  return accepted(record(row), false, entry.hash);
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
