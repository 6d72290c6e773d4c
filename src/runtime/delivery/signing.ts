import { createHmac } from 'node:crypto';

/**
 * Standard Webhooks 1.0 signing. A secret is `whsec_` + base64 key bytes; a message is signed as
 * HMAC-SHA256 over `id.timestamp.body` and sent as `v1,<base64>`. During key rotation several secrets are
 * configured and every one signs: the receiver accepts the message if any signature verifies.
 */
export const SECRET_PREFIX = 'whsec_';

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The key bytes of a `whsec_` secret; a secret without the prefix is taken as base64 too (Standard Webhooks does the same). */
export function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  if (!key.length) throw new Error('webhook secret is empty');
  return key;
}

/**
 * The secrets of one resolved secret value: whitespace separates the current one from those being rotated
 * out, so one secret reference covers a rotation (`whsec_new whsec_old`).
 */
export function splitSecrets(value: string): string[] {
  return value.split(/\s+/).filter(Boolean);
}

export function signature(key: Buffer, id: string, timestamp: number, body: string | Buffer): string {
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest('base64');
  return `v1,${mac}`;
}

export function signWebhook(secrets: readonly string[], id: string, timestamp: number, body: string | Buffer): WebhookHeaders {
  if (!secrets.length) throw new Error('no webhook secret');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => signature(secretKey(s), id, timestamp, body)).join(' '),
  };
}
