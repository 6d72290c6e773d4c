import { createHash, createHmac } from 'node:crypto';
import { splitSecrets } from '../delivery/signing.js';
import { header, reject, type InboundScheme } from './scheme.js';
import { safeEqual } from './timing-safe.js';

/**
 * GitHub (and Jira Cloud's) `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>`. The scheme signs
 * no timestamp and no delivery id: `X-GitHub-Delivery` is unsigned, so anyone holding one signed body
 * could replay it under a fresh id. The message id is therefore the hash of the signed body itself —
 * the same body again, whatever its delivery id, is the same message (a replay, or GitHub redelivering).
 */
export const githubScheme: InboundScheme = {
  name: 'github',
  verify({ body, headers, secret }) {
    const sig = header(headers, 'x-hub-signature-256');
    if (!sig) return reject('missing-signature', 'X-Hub-Signature-256 is required');
    if (!/^sha256=[0-9a-f]{64}$/i.test(sig)) return reject('malformed-signature', 'X-Hub-Signature-256 must be sha256=<hex>');
    const offered = sig.toLowerCase();
    for (const s of splitSecrets(secret)) {
      const expected = `sha256=${createHmac('sha256', s).update(body).digest('hex')}`;
      if (safeEqual(offered, expected)) {
        const messageId = `sha256:${createHash('sha256').update(body).digest('hex')}`;
        const vendorId = header(headers, 'x-github-delivery');
        return { ok: true, messageId, timestamp: null, fingerprint: offered, ...(vendorId ? { vendorId: vendorId.slice(0, 200) } : {}) };
      }
    }
    return reject('tampered', 'no signature matches');
  },
};
