import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { canonicalJson, sha256Hex } from '../../core/canonical-json.js';
import type { ErasureRequestView, EvidenceBundle, EvidenceItem } from '../../core/erasure-api.js';
import type { Store } from '../store/store.js';

export const BUNDLE_FORMAT = 'interlock.erasure-evidence/v1';

/** The bytes a bundle's digest and signature cover: everything but the signature and the export entry. */
export function bundleDigest(b: { request: ErasureRequestView; items: EvidenceItem[]; generatedAt: string }): string {
  return sha256Hex(canonicalJson({ format: BUNDLE_FORMAT, request: b.request, items: b.items, generatedAt: b.generatedAt }));
}

/** SHA-256 of a public key's SPKI DER (base64 in the bundle). */
export function keyFingerprint(publicKeyBase64: string): string {
  return createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex');
}

/**
 * Signs a bundle with a fresh Ed25519 key and records the export (digest, key fingerprint) in the audit
 * chain. The key lives only for this export: what makes the bundle trustworthy is that the chain holds its
 * digest and key, so no signing secret has to be kept by the runtime.
 */
export async function signBundle(store: Store, content: { request: ErasureRequestView; items: EvidenceItem[] }, actor: string, now: Date): Promise<EvidenceBundle> {
  const generatedAt = now.toISOString();
  const digest = bundleDigest({ ...content, generatedAt });
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicDer = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const value = sign(null, Buffer.from(digest, 'hex'), privateKey).toString('base64');
  const entry = await store.appendAudit(
    { actor, action: 'erasure.evidence.exported', target: `Erasure/${content.request.id}`, data: { digest, key: keyFingerprint(publicDer), items: content.items.length } },
    now,
  );
  return {
    format: BUNDLE_FORMAT,
    request: content.request,
    items: content.items,
    generatedAt,
    digest,
    signature: { algorithm: 'ed25519', publicKey: publicDer, value },
    exportAudit: { seq: entry.seq, hash: entry.hash },
  };
}
