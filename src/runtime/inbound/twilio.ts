import { createHash, createHmac } from 'node:crypto';
import { bodyHash } from './body-id.js';
import { candidateSecrets } from './candidate-secrets.js';
import { header, reject, type InboundScheme } from './scheme.js';
import { safeEqual } from './timing-safe.js';

/**
 * Twilio's `X-Twilio-Signature`: base64 HMAC-SHA1 (key: the Auth Token) over the full URL as configured in
 * Twilio, followed for form posts by every parameter `name + value`, sorted by name. A JSON body is
 * signed over the URL alone, which carries `bodySHA256=<hex SHA-256 of the body>`. Twilio is inconsistent
 * about default ports, so the URL is also tried with `:443`/`:80` added or removed. No timestamp is signed;
 * the message id is `I-Twilio-Idempotency-Token` when sent, else a hash of the body.
 */
export const twilioScheme: InboundScheme = {
  name: 'twilio',
  verify({ body, headers, secret, url }) {
    const sig = header(headers, 'x-twilio-signature');
    if (!sig) return reject('missing-signature', 'X-Twilio-Signature is required');
    if (!/^[A-Za-z0-9+/]{27}=$/.test(sig)) return reject('malformed-signature', 'X-Twilio-Signature must be a base64 HMAC-SHA1');
    if (!url) return reject('malformed-signature', 'the public URL Twilio signs is unknown (set events.inbound.signature.url)');
    let bodySha: string | null;
    try {
      bodySha = new URL(url).searchParams.get('bodySHA256');
    } catch {
      return reject('malformed-signature', `the signed URL ${url} is not a URL`);
    }
    const type = header(headers, 'content-type') ?? '';
    let data = '';
    if (bodySha !== null) {
      if (!safeEqual(bodySha.toLowerCase(), createHash('sha256').update(body).digest('hex'))) return reject('tampered', 'bodySHA256 does not match the body');
    } else if (type.startsWith('application/x-www-form-urlencoded')) {
      const params = new URLSearchParams(body.toString('utf8'));
      const names = [...new Set(params.keys())].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const name of names) for (const value of params.getAll(name).sort()) data += name + value;
    }
    const offered = sig;
    for (const token of candidateSecrets(secret)) {
      for (const candidate of portVariants(url)) {
        if (safeEqual(offered, createHmac('sha1', token).update(candidate + data).digest('base64'))) {
          return { ok: true, messageId: header(headers, 'i-twilio-idempotency-token') ?? bodyHash(body), timestamp: null, fingerprint: sig };
        }
      }
    }
    return reject('tampered', 'no signature matches');
  },
};

function portVariants(url: string): string[] {
  const defaultPort = url.startsWith('https:') ? '443' : '80';
  const hostPort = /^([a-z]+:\/\/[^/?#]+)/i.exec(url)?.[1] ?? '';
  const rest = url.slice(hostPort.length);
  // `new URL` drops a default port, so look at the text as configured.
  const explicit = /:(\d+)$/.exec(hostPort.replace(/^[a-z]+:\/\//i, ''))?.[1];
  if (explicit === undefined) return [url, `${hostPort}:${defaultPort}${rest}`];
  if (explicit === defaultPort) return [url, `${hostPort.slice(0, -(defaultPort.length + 1))}${rest}`];
  return [url];
}
