import { canonicalJson, sha256Hex } from '../../core/canonical-json.js';
import type { AuditEntry } from '../model.js';

/** The prevHash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** sha256 over the canonical JSON of the entry's content followed by the previous entry's hash. */
export function auditEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, actor, action, target, data, prevHash } = entry;
  return sha256Hex(canonicalJson({ seq, at, actor, action, target, data }) + prevHash);
}

export type ChainFault = 'hash-mismatch' | 'broken-link' | 'sequence-gap' | 'head-mismatch' | 'head-missing';

export interface ChainVerdict {
  ok: boolean;
  entries: number;
  /** The first entry that does not verify (for a truncated tail: the first missing seq). */
  firstBadSeq: number | null;
  fault: ChainFault | null;
}

/**
 * Checks a whole log, in seq order from 1: every entry's hash, its link to the previous entry and the
 * absence of gaps. A changed entry breaks its own hash; an inserted or deleted one breaks a link or the
 * sequence. With `head` (the last seq and hash the store recorded), a deleted tail is caught too; a
 * `null` head (the row is gone) is a fault of its own.
 */
export function verifyAuditChain(entries: Iterable<AuditEntry>, head?: { seq: number; hash: string } | null): ChainVerdict {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (const entry of entries) {
    count++;
    const fail = (fault: ChainFault, seq = entry.seq): ChainVerdict => ({ ok: false, entries: count, firstBadSeq: seq, fault });
    if (entry.seq !== expectedSeq) return fail('sequence-gap', Math.min(entry.seq, expectedSeq));
    if (entry.prevHash !== prevHash) return fail('broken-link');
    if (auditEntryHash(entry) !== entry.hash) return fail('hash-mismatch');
    prevHash = entry.hash;
    expectedSeq++;
  }
  // The store always holds a head row (seq 0 before the first entry); none means the tables were emptied.
  if (head === null) return { ok: false, entries: count, firstBadSeq: 1, fault: 'head-missing' };
  if (head && (head.seq !== expectedSeq - 1 || (head.seq > 0 && head.hash !== prevHash))) {
    return { ok: false, entries: count, firstBadSeq: Math.min(head.seq, expectedSeq), fault: 'head-mismatch' };
  }
  return { ok: true, entries: count, firstBadSeq: null, fault: null };
}
