import { signature, secretKey, splitSecrets } from '../delivery/signing.js';
import { header, isStale, reject, type InboundScheme } from './scheme.js';
import { safeEqual } from './timing-safe.js';

/** Standard Webhooks 1.0: `webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64> …`. */
export const standardWebhooksScheme: InboundScheme = {
  name: 'standard-webhooks',
  verify({ body, headers, secret, toleranceSeconds, now }) {
    const id = header(headers, 'webhook-id');
    const ts = header(headers, 'webhook-timestamp');
    const sig = header(headers, 'webhook-signature');
    if (!id || !ts || !sig) return reject('missing-signature', 'webhook-id, webhook-timestamp and webhook-signature are required');
    if (!/^\d+$/.test(ts)) return reject('malformed-signature', 'webhook-timestamp is not a number of seconds');
    const timestamp = Number(ts);
    if (isStale(timestamp, now, toleranceSeconds)) return reject('stale', `timestamp ${timestamp} is outside the ${toleranceSeconds} s tolerance`);
    const offered = sig.split(' ').filter((s) => s.startsWith('v1,'));
    if (!offered.length) return reject('malformed-signature', 'no v1 signature');
    for (const s of splitSecrets(secret)) {
      const expected = signature(secretKey(s), id, timestamp, body);
      if (offered.some((o) => safeEqual(o, expected))) return { ok: true, messageId: id, timestamp, fingerprint: `${ts}:${sig}` };
    }
    return reject('tampered', 'no signature matches');
  },
};
