import { auditEntryHash } from '../audit/chain.js';
import { canonicalJson } from '../canonical-json.js';
import type { AuditInput } from '../model.js';
import type { Queryable } from '../store/database.js';
import { toNumber } from '../store/rows.js';

/**
 * Appends several audit entries in the caller's transaction with one head lock, one insert and one head
 * update: the same chain (and the same stored form) as the store's `appendAudit`, entry by entry, at the
 * cost of one. Event acceptance commits many calls' entries per transaction.
 */
export async function appendAuditBatch(tx: Queryable, inputs: readonly AuditInput[], now: Date): Promise<void> {
  if (!inputs.length) return;
  const [head] = await tx.query<{ seq: unknown; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE');
  let seq = toNumber(head.seq);
  let prevHash = head.hash;
  const at = now.toISOString();
  const rows = inputs.map((input) => {
    const data = JSON.parse(canonicalJson(input.data)) as Record<string, unknown>;
    const partial = { seq: ++seq, at, actor: input.actor, action: input.action, target: input.target, data, prevHash };
    const hash = auditEntryHash(partial);
    prevHash = hash;
    return { ...partial, hash, dataText: canonicalJson(data) };
  });
  await tx.query(
    `INSERT INTO audit_log (seq, at, actor, action, target, data, prev_hash, hash)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`,
    [rows.map((r) => r.seq), rows.map((r) => r.at), rows.map((r) => r.actor), rows.map((r) => r.action), rows.map((r) => r.target), rows.map((r) => r.dataText), rows.map((r) => r.prevHash), rows.map((r) => r.hash)],
  );
  await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [seq, prevHash]);
}
