import { auditEntryHash } from '../audit/chain.js';
import { canonicalJson } from '../canonical-json.js';
import type { AuditEntry, AuditInput, AuditPage } from '../model.js';
import type { Queryable } from './database.js';
import { toNumber } from './rows.js';

/**
 * Appends one entry inside the caller's transaction, so a state change and its audit entry commit
 * together. Locking the head row serialises appenders; the chain never forks.
 */
export async function appendAudit(tx: Queryable, input: AuditInput, now: Date): Promise<AuditEntry> {
  const [head] = await tx.query<{ seq: unknown; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE');
  // Stored as canonical text and read back parsed: the hash is over exactly what is stored.
  const data = JSON.parse(canonicalJson(input.data)) as Record<string, unknown>;
  const partial = { seq: toNumber(head.seq) + 1, at: now.toISOString(), actor: input.actor, action: input.action, target: input.target, data, prevHash: head.hash };
  const entry: AuditEntry = { ...partial, hash: auditEntryHash(partial) };
  await tx.query(
    'INSERT INTO audit_log (seq, at, actor, action, target, data, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [entry.seq, entry.at, entry.actor, entry.action, entry.target, canonicalJson(entry.data), entry.prevHash, entry.hash],
  );
  await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [entry.seq, entry.hash]);
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

export async function readAuditHead(db: Queryable): Promise<{ seq: number; hash: string }> {
  const [head] = await db.query<{ seq: unknown; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
  return { seq: toNumber(head.seq), hash: head.hash };
}
