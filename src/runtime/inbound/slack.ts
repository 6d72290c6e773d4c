import { createHmac } from 'node:crypto';
import { splitSecrets } from '../delivery/signing.js';
import { bodyHash } from './body-id.js';
import { header, isStale, reject, type InboundScheme } from './scheme.js';
import { safeEqual } from './timing-safe.js';

/**
 * Slack's v0 signing: `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<ts>:<raw body>">` with the
 * timestamp in `X-Slack-Request-Timestamp`, outside `now ± tolerance` refused (Slack says five minutes).
 * Bodies are JSON (Events API) or form-encoded (slash commands; interactivity as `payload=<JSON>`); the
 * signature covers the raw bytes either way. Slack sends no delivery id, so the id is the Events API
 * `event_id` when there is one, else a hash of the body (a retry resends the same body with a new
 * timestamp and is acknowledged, not published twice).
 */
export const slackScheme: InboundScheme = {
  name: 'slack',
  verify({ body, headers, secret, toleranceSeconds, now }) {
    const sig = header(headers, 'x-slack-signature');
    const ts = header(headers, 'x-slack-request-timestamp');
    if (!sig || !ts) return reject('missing-signature', 'X-Slack-Signature and X-Slack-Request-Timestamp are required');
    if (!/^\d+$/.test(ts)) return reject('malformed-signature', 'X-Slack-Request-Timestamp must be Unix seconds');
    const eq = sig.indexOf('=');
    if (eq < 0 || sig.slice(0, eq) !== 'v0' || !/^[0-9a-f]{64}$/i.test(sig.slice(eq + 1))) return reject('malformed-signature', 'X-Slack-Signature must be v0=<64 hex>');
    const timestamp = Number(ts);
    if (isStale(timestamp, now, toleranceSeconds)) return reject('stale', `timestamp ${timestamp} is outside the ${toleranceSeconds} s tolerance`);
    const offered = sig.slice(eq + 1).toLowerCase();
    for (const s of splitSecrets(secret)) {
      const expected = createHmac('sha256', s).update(`v0:${ts}:`).update(body).digest('hex');
      if (safeEqual(offered, expected)) return { ok: true, messageId: eventId(body) ?? bodyHash(body), timestamp, fingerprint: sig };
    }
    return reject('tampered', 'no signature matches');
  },
};

function eventId(body: Buffer): string | undefined {
  if (body[0] !== 0x7b) return undefined; // not a JSON object
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { event_id?: unknown };
    return typeof parsed.event_id === 'string' ? parsed.event_id : undefined;
  } catch {
    return undefined;
  }
}
