import type { IncomingHttpHeaders } from 'node:http';
import { contentDigestMatches, parseSignature, parseSignatureInput, signatureBase, SignatureError, verifyBase, type SignatureInput, type VerifyKey } from '../../core/http-signature.js';
import { RuntimeProblem } from '../problem.js';

/** What every evidence signature must cover: the method, where it was sent, and the body through its digest. */
export const REQUIRED_COMPONENTS = ['@method', '@authority', '@path', 'content-digest'] as const;

export interface VerifiedSignature {
  probe: string;
  keyid: string;
  nonce: string;
  /** The signature's `created`, Unix seconds. */
  created: number;
  /** When the key that verified it was registered: the store checks it is still that registration, unrevoked. */
  keyCreatedAt: string;
}

export interface SignedCall {
  method: string;
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  now: Date;
}

function refuse(reason: string, detail: string): RuntimeProblem {
  return new RuntimeProblem('signature-invalid', detail, { reason });
}

/**
 * Verifies the first signature of `Signature-Input` (RFC 9421) against the registered key its `keyid`
 * names: required components covered, `created` inside the replay window (either way, for clock skew),
 * `expires` not passed, a nonce present, the key's algorithm (an `alg` parameter must agree), the body's
 * `Content-Digest` (RFC 9530). Nonce uniqueness is the caller's check: it needs the store's transaction.
 */
export async function verifyProbeSignature(
  call: SignedCall,
  lookupKey: (keyid: string) => Promise<{ probe: string; key: VerifyKey; createdAt: string } | null>,
  replayWindowSeconds: number,
): Promise<VerifiedSignature> {
  const inputHeader = call.headers['signature-input'];
  const sigHeader = call.headers.signature;
  if (typeof inputHeader !== 'string' || typeof sigHeader !== 'string') throw refuse('missing', 'the request has no Signature-Input and Signature fields (RFC 9421)');
  let input: SignatureInput | undefined;
  let signature: Buffer | undefined;
  try {
    input = parseSignatureInput(inputHeader).values().next().value;
    if (input) signature = parseSignature(sigHeader).get(input.label);
  } catch (error) {
    if (error instanceof SignatureError) throw refuse('malformed', error.message);
    throw error;
  }
  if (!input || !signature) throw refuse('missing', 'Signature has no member with the label of the first Signature-Input member');
  const missing = REQUIRED_COMPONENTS.filter((c) => !input.components.includes(c));
  if (missing.length) throw refuse('components', `the signature must cover ${missing.join(', ')}`);
  const { created, expires, nonce, keyid, alg } = input.params;
  if (!keyid) throw refuse('malformed', 'the signature has no keyid');
  if (!nonce) throw refuse('malformed', 'the signature has no nonce');
  if (created === undefined) throw refuse('malformed', 'the signature has no created time');
  const nowSeconds = Math.floor(call.now.getTime() / 1000);
  if (Math.abs(nowSeconds - created) > replayWindowSeconds) throw refuse('expired', `the signature was created ${nowSeconds - created} s from now; the window is ${replayWindowSeconds} s`);
  if (expires !== undefined && expires < nowSeconds) throw refuse('expired', 'the signature has expired');
  const found = await lookupKey(keyid);
  if (!found) throw refuse('unknown-key', `no active probe key ${JSON.stringify(keyid)}`);
  if (alg !== undefined && alg !== found.key.alg) throw refuse('algorithm', `keyid ${keyid} is ${found.key.alg}, the signature says ${alg}`);
  const digest = call.headers['content-digest'];
  if (typeof digest !== 'string') throw refuse('digest', 'the request has no Content-Digest');
  let ok: boolean;
  try {
    if (!contentDigestMatches(digest, call.rawBody)) throw refuse('digest', 'Content-Digest does not match the body (sha-256 or sha-512 expected)');
    const authority = call.headers.host ?? '';
    ok = verifyBase(signatureBase({ method: call.method, authority, path: call.path, query: call.query, headers: call.headers }, input), signature, found.key);
  } catch (error) {
    if (error instanceof SignatureError) throw refuse(error.reason, error.message);
    throw error;
  }
  if (!ok) throw refuse('mismatch', 'the signature does not verify');
  return { probe: found.probe, keyid, nonce, created, keyCreatedAt: found.createdAt };
}
