import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../model.js';
import { auditEntryHash, GENESIS_HASH, verifyAuditChain } from './chain.js';

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const partial = { seq, at: `2026-01-01T00:00:0${seq % 10}.000Z`, actor: 'operator:t1', action: 'applyChanges', target: 'state', data: { revision: seq }, prevHash };
    const entry = { ...partial, hash: auditEntryHash(partial) };
    out.push(entry);
    prevHash = entry.hash;
  }
  return out;
}

describe('verifyAuditChain', () => {
  it('accepts an intact chain and its head', () => {
    const entries = chain(5);
    expect(verifyAuditChain(entries, { seq: 5, hash: entries[4].hash })).toEqual({ ok: true, entries: 5, firstBadSeq: null, fault: null });
    expect(verifyAuditChain([], { seq: 0, hash: GENESIS_HASH }).ok).toBe(true);
  });

  it('finds a changed entry', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], data: { revision: 99 } };
    expect(verifyAuditChain(entries)).toMatchObject({ ok: false, firstBadSeq: 3, fault: 'hash-mismatch' });
  });

  it('finds a changed entry whose hash was recomputed (the next link breaks)', () => {
    const entries = chain(5);
    const forged = { ...entries[2], actor: 'admin:evil' };
    entries[2] = { ...forged, hash: auditEntryHash(forged) };
    expect(verifyAuditChain(entries)).toMatchObject({ ok: false, firstBadSeq: 4, fault: 'broken-link' });
  });

  it('finds a deleted entry', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(verifyAuditChain(entries)).toMatchObject({ ok: false, firstBadSeq: 2, fault: 'sequence-gap' });
  });

  it('finds an inserted entry', () => {
    const entries = chain(5);
    const renumbered = entries.map((e) => (e.seq >= 3 ? { ...e, seq: e.seq + 1 } : e));
    const inserted = { seq: 3, at: '2026-01-01T00:00:00.000Z', actor: 'x', action: 'y', target: null, data: {}, prevHash: entries[1].hash };
    renumbered.splice(2, 0, { ...inserted, hash: auditEntryHash(inserted) });
    expect(verifyAuditChain(renumbered)).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it('finds a truncated tail against the head', () => {
    const entries = chain(5);
    expect(verifyAuditChain(entries.slice(0, 3), { seq: 5, hash: entries[4].hash })).toMatchObject({ ok: false, firstBadSeq: 4, fault: 'head-mismatch' });
  });
});
