import { createPublicKey, verify } from 'node:crypto';
import type { EvidenceBundle } from '../../core/erasure-api.js';
import type { AuditEntry } from '../model.js';
import { bundleDigest, BUNDLE_FORMAT, keyFingerprint } from './evidence-bundle.js';
import { evidenceDigest } from './evidence-log.js';

export type EvidenceFault = 'format' | 'digest' | 'signature' | 'item-digest' | 'item-not-in-chain' | 'export-not-in-chain';

export interface EvidenceVerdict {
  ok: boolean;
  items: number;
  faults: { fault: EvidenceFault; seq?: number }[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Checks an evidence bundle against an audit log (itself verified separately): the bundle's digest and
 * Ed25519 signature, each item's digest, that the chain holds each item's audit entry with the same hash and
 * digest, and that the chain recorded this export with the bundle's digest and signing key.
 */
export function verifyEvidenceBundle(bundle: unknown, chain: ReadonlyMap<number, AuditEntry>): EvidenceVerdict {
  const faults: EvidenceVerdict['faults'] = [];
  if (!isObject(bundle) || bundle.format !== BUNDLE_FORMAT || !Array.isArray(bundle.items) || !isObject(bundle.request) || !isObject(bundle.signature)) {
    return { ok: false, items: 0, faults: [{ fault: 'format' }] };
  }
  const b = bundle as unknown as EvidenceBundle;
  if (bundleDigest(b) !== b.digest) faults.push({ fault: 'digest' });
  try {
    const key = createPublicKey({ key: Buffer.from(b.signature.publicKey, 'base64'), format: 'der', type: 'spki' });
    if (!verify(null, Buffer.from(b.digest, 'hex'), key, Buffer.from(b.signature.value, 'base64'))) faults.push({ fault: 'signature' });
  } catch {
    faults.push({ fault: 'signature' });
  }
  for (const item of b.items) {
    const digest = evidenceDigest({ requestId: b.request.id, seq: item.seq, stepId: item.stepId, kind: item.kind, at: item.at, data: item.data });
    if (digest !== item.sha256) faults.push({ fault: 'item-digest', seq: item.seq });
    const entry = chain.get(item.audit.seq);
    if (!entry || entry.hash !== item.audit.hash || entry.data.sha256 !== item.sha256) faults.push({ fault: 'item-not-in-chain', seq: item.seq });
  }
  const exported = chain.get(b.exportAudit?.seq);
  if (!exported || exported.hash !== b.exportAudit.hash || exported.action !== 'erasure.evidence.exported' || exported.data.digest !== b.digest || exported.data.key !== keyFingerprint(b.signature.publicKey)) {
    faults.push({ fault: 'export-not-in-chain' });
  }
  return { ok: faults.length === 0, items: b.items.length, faults };
}
