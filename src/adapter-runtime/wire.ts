/** Encodings, tokens and retry arithmetic of the adapter runtime: pure functions, no I/O. */
import { createHmac, randomUUID, sign as signWithKey } from 'node:crypto';
import type http from 'node:http';
import type { AuthConfig, ParamSpec, RetryOptions } from './index.js';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A short-lived JWT: RS256 when the key is a PEM private key, HS256 otherwise. */
export function jwt(auth: Extract<AuthConfig, { type: 'jwt' }>, key: string, subject?: string): string {
  const pem = key.includes('-----BEGIN');
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { iat: now, exp: now + 300, jti: randomUUID() };
  if (auth.issuer) claims['iss'] = auth.issuer;
  if (auth.audience) claims['aud'] = auth.audience;
  if (subject) claims['sub'] = subject;
  const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const unsigned = `${encode({ alg: pem ? 'RS256' : 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  const signature = pem ? signWithKey('sha256', Buffer.from(unsigned), key) : createHmac('sha256', key).update(unsigned).digest();
  return `${unsigned}.${signature.toString('base64url')}`;
}

/** Exponential backoff with equal jitter: half the step fixed, half random. */
export function backoff(attempt: number, retry: RetryOptions): number {
  const step = Math.min(retry.maxDelayMs ?? 5000, (retry.baseDelayMs ?? 200) * 2 ** attempt);
  return step / 2 + Math.random() * (step / 2);
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), capped; undefined when absent or unreadable. */
export function retryAfter(headers: http.IncomingHttpHeaders, retry: RetryOptions): number | undefined {
  const value = headers['retry-after'];
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - Date.now();
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(0, ms), retry.maxRetryAfterMs ?? 60_000);
}

export function parseBody(raw: RawResponse): unknown {
  if (raw.body.length === 0) return undefined;
  const text = raw.body.toString('utf8');
  const type = String(raw.headers['content-type'] ?? '');
  if (/json/i.test(type)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

export function encodeBody(contentType: string, body: unknown): string | Buffer {
  if (/json/i.test(contentType)) return JSON.stringify(body);
  if (contentType === 'application/x-www-form-urlencoded') {
    const params = new URLSearchParams();
    appendDeep(params, '', body);
    return params.toString();
  }
  if (typeof body === 'string' || Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body);
  return String(body);
}

/** `a[b][0]=c` form encoding for nested objects and arrays (what form-encoded APIs such as Stripe read). */
export function appendDeep(params: URLSearchParams, prefix: string, value: unknown): void {
  if (value === undefined) return;
  if (value === null) {
    params.append(prefix, '');
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => appendDeep(params, `${prefix}[${i}]`, v));
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) appendDeep(params, prefix ? `${prefix}[${k}]` : k, v);
  } else {
    params.append(prefix, String(value));
  }
}

export function appendQuery(params: URLSearchParams, p: ParamSpec, value: unknown): void {
  if (value === null) return;
  if (Array.isArray(value)) {
    if (p.style === 'deepObject') value.forEach((v, i) => appendDeep(params, `${p.name}[${i}]`, v));
    else if (p.explode) for (const v of value) params.append(p.name, String(v));
    else params.append(p.name, value.map(String).join(p.style === 'spaceDelimited' ? ' ' : p.style === 'pipeDelimited' ? '|' : ','));
  } else if (typeof value === 'object') {
    if (p.style === 'deepObject') appendDeep(params, p.name, value);
    else if (p.explode) for (const [k, v] of Object.entries(value)) params.append(k, String(v));
    else params.append(p.name, Object.entries(value).flat().map(String).join(','));
  } else {
    params.append(p.name, String(value));
  }
}
