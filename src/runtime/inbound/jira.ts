import { createHmac } from 'node:crypto';
import { bodyHash } from './body-id.js';
import { candidateSecrets } from './candidate-secrets.js';
import { header, reject, type InboundScheme } from './scheme.js';
import { safeEqual } from './timing-safe.js';

/**
 * Jira Cloud admin webhooks registered with a secret: `X-Hub-Signature: <method>=<hex HMAC of the body>`
 * (WebSub style; `sha256` is the only method today, and Atlassian warns it may change, so an unknown
 * method is refused as malformed rather than guessed). No timestamp is signed; the delivery id
 * `X-Atlassian-Webhook-Identifier` stays the same across Jira's retries and is the message id.
 */
export const jiraScheme: InboundScheme = {
  name: 'jira',
  verify({ body, headers, secret }) {
    const sig = header(headers, 'x-hub-signature');
    if (!sig) return reject('missing-signature', 'X-Hub-Signature is required');
    const m = /^([a-z0-9]+)=([0-9a-f]+)$/i.exec(sig);
    if (!m) return reject('malformed-signature', 'X-Hub-Signature must be <method>=<hex>');
    if (m[1].toLowerCase() !== 'sha256' || m[2].length !== 64) return reject('malformed-signature', `X-Hub-Signature method ${m[1]} is not supported (sha256)`);
    const offered = m[2].toLowerCase();
    for (const s of candidateSecrets(secret)) {
      if (safeEqual(offered, createHmac('sha256', s).update(body).digest('hex'))) {
        return { ok: true, messageId: header(headers, 'x-atlassian-webhook-identifier') ?? bodyHash(body), timestamp: null, fingerprint: sig.toLowerCase() };
      }
    }
    return reject('tampered', 'no signature matches');
  },
};
