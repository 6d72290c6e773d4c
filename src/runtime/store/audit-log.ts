import { auditEntryHash } from '../audit/chain.js';
import { canonicalJson } from '../../core/canonical-json.js';
import type { AuditEntry, AuditInput, AuditPage } from '../model.js';
import type { Queryable } from './database.js';
import { RuntimeProblem } from '../problem.js';
import { toNumber } from './rows.js';

/**
 * An entry and the tenant it belongs to (audit_log.tenant_id, migration 0017). Absent: the tenant of the
 * transaction's scope (`default` for platform work). The tenant is not part of the hashed entry: the
 * chain is one runtime-wide chain, verified by the platform operator.
 */
export type TenantAuditInput = AuditInput & { tenant?: string };

const HEAD_MISSING = 'the audit log has no head row (its tables were emptied or tampered with); run interlock audit verify';

/** PostgreSQL text cannot hold NUL; it is written as U+FFFD so an odd target is still audited, not an error. */
function storable(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

/** The audit log's head when it is read under its lock (callers that fold the append into their own statements). */
export interface AuditHead {
  seq: number;
  hash: string;
}

/**
 * Locks the audit log's head for the rest of the caller's transaction and reads it: appenders are
 * serialised, so the chain never forks. Prepared: every batch of every appender runs it.
 */
export async function lockAuditHead(tx: Queryable): Promise<AuditHead> {
  const [head] = await tx.query<{ seq: unknown; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE', [], { name: 'audit_head_lock' });
  if (!head) throw auditHeadMissing();
  return { seq: toNumber(head.seq), hash: head.hash };
}

/** The missing head row: the chain cannot be extended. */
export function auditHeadMissing(): RuntimeProblem {
  return new RuntimeProblem('audit-unavailable', HEAD_MISSING);
}

/**
 * The entries that extend the chain after `head`, hashed as they will be stored. Pure: the caller must hold
 * the head's lock and write the entries and the new head (the last entry's seq and hash) in its transaction.
 */
export function chainAuditEntries(head: AuditHead, inputs: readonly AuditInput[], now: Date): AuditEntry[] {
  let seq = head.seq;
  let prevHash = head.hash;
  const at = now.toISOString();
  return inputs.map((input): AuditEntry => {
    // Stored as canonical text and read back parsed: the hash is over exactly what is stored.
    const data = JSON.parse(canonicalJson(input.data)) as Record<string, unknown>;
    const partial = { seq: ++seq, at, actor: storable(input.actor), action: storable(input.action), target: input.target === null ? null : storable(input.target), data, prevHash };
    const entry = { ...partial, hash: auditEntryHash(partial) };
    prevHash = entry.hash;
    return entry;
  });
}

/**
 * Appends entries inside the caller's transaction, so a state change and its audit entries commit
 * together. Locking the head row serialises appenders, so the chain never forks; a batch costs one
 * lock, one insert and one head update however many entries it holds (event acceptance commits many
 * calls' entries per transaction).
 */
export async function appendAuditBatch(tx: Queryable, inputs: readonly TenantAuditInput[], now: Date): Promise<AuditEntry[]> {
  if (!inputs.length) return [];
  const entries = chainAuditEntries(await lockAuditHead(tx), inputs, now);
  const { seq, hash: prevHash } = entries[entries.length - 1];
  await tx.query(
    `INSERT INTO audit_log (seq, at, actor, action, target, data, prev_hash, hash, tenant_id)
     SELECT s, a, ac, act, t, d, p, h, coalesce(tn, nullif(current_setting('interlock.tenant', true), ''), 'default')
     FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) AS u(s, a, ac, act, t, d, p, h, tn)`,
    [
      entries.map((e) => e.seq),
      entries.map((e) => e.at),
      entries.map((e) => e.actor),
      entries.map((e) => e.action),
      entries.map((e) => e.target),
      entries.map((e) => canonicalJson(e.data)),
      entries.map((e) => e.prevHash),
      entries.map((e) => e.hash),
      inputs.map((i) => i.tenant ?? null),
    ],
  );
  await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [seq, prevHash]);
  return entries;
}

export async function appendAudit(tx: Queryable, input: TenantAuditInput, now: Date): Promise<AuditEntry> {
  const [entry] = await appendAuditBatch(tx, [input], now);
  return entry;
}

interface AuditRow {
  seq: unknown;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

function fromRow(r: AuditRow): AuditEntry {
  return {
    seq: toNumber(r.seq),
    at: r.at,
    actor: r.actor,
    action: r.action,
    target: r.target,
    data: JSON.parse(r.data) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export async function readAudit(db: Queryable, after: number, limit: number): Promise<AuditPage> {
  const rows = await db.query<AuditRow>(
    'SELECT seq, at, actor, action, target, data, prev_hash, hash FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2',
    [after, limit + 1],
  );
  const entries = rows.slice(0, limit).map(fromRow);
  return { entries, next: rows.length > limit ? entries[entries.length - 1].seq : null };
}

/** The last seq and hash the store recorded; null when the head row is gone (the tables were emptied). */
export async function readAuditHead(db: Queryable): Promise<{ seq: number; hash: string } | null> {
  const [head] = await db.query<{ seq: unknown; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
  return head ? { seq: toNumber(head.seq), hash: head.hash } : null;
}
