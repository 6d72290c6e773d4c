import { createHash, createHmac } from 'node:crypto';
import { splitSecrets } from '../delivery/signing.js';
import { header, isStale, reject, type InboundScheme } from './scheme.js';
import { safeEqual } from './timing-safe.js';

/**
 * Stripe-style `Stripe-Signature: t=<seconds>,v1=<hex HMAC-SHA256 of "t.body">[,v1=…]`. The message id is
 * the payload's `id` when it has one, else a hash of the body.
 */
export const stripeScheme: InboundScheme = {
  name: 'stripe',
  verify({ body, headers, secret, toleranceSeconds, now }) {
    const sig = header(headers, 'stripe-signature');
    if (!sig) return reject('missing-signature', 'Stripe-Signature is required');
    let t: string | undefined;
    const v1: string[] = [];
    for (const part of sig.split(',')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      const key = part.slice(0, eq).trim();
      const value = part.slice(eq + 1).trim();
      if (key === 't') t = value;
      else if (key === 'v1') v1.push(value.toLowerCase());
    }
    if (!t || !/^\d+$/.test(t) || !v1.length) return reject('malformed-signature', 'Stripe-Signature needs t=<seconds> and v1=<hex>');
    const timestamp = Number(t);
    if (isStale(timestamp, now, toleranceSeconds)) return reject('stale', `timestamp ${timestamp} is outside the ${toleranceSeconds} s tolerance`);
    for (const s of splitSecrets(secret)) {
      const expected = createHmac('sha256', s).update(`${t}.`).update(body).digest('hex');
      if (v1.some((o) => safeEqual(o, expected))) return { ok: true, messageId: payloadId(body), timestamp, fingerprint: sig };
    }
    return reject('tampered', 'no signature matches');
  },
};

function payloadId(body: Buffer): string {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (parsed && typeof parsed === 'object' && typeof (parsed as { id?: unknown }).id === 'string') return (parsed as { id: string }).id;
  } catch {
    // Not JSON: the payload check rejects it later; the id falls back to the body hash.
  }
  return createHash('sha256').update(body).digest('hex');
}
