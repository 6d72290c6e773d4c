import { createHash, createHmac, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { SCHEMES } from './schemes.js';
import type { Verdict } from './scheme.js';

const now = new Date('2026-03-01T12:00:00Z');
const nowS = Math.floor(now.getTime() / 1000);
const body = Buffer.from('{"id":"evt_1","type":"issue.updated","data":{"key":"OPS-1"}}');
const base = { body, secret: '', toleranceSeconds: 300, now };
const reason = (v: Verdict) => (v.ok ? 'ok' : v.reason);

describe('standard-webhooks scheme', () => {
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const sign = (ts: number, payload = body) => {
    const wh = new Webhook(secret);
    return { 'webhook-id': 'msg_9', 'webhook-timestamp': String(ts), 'webhook-signature': wh.sign('msg_9', new Date(ts * 1000), payload) };
  };
  const verify = (headers: Record<string, string>, b = body, s = secret) => SCHEMES['standard-webhooks'].verify({ ...base, body: b, secret: s, headers });

  it('accepts what the reference library signs, with the id and timestamp', () => {
    const v = verify(sign(nowS));
    expect(v).toMatchObject({ ok: true, messageId: 'msg_9', timestamp: nowS });
  });
  it('accepts with the old key during rotation', () => {
    expect(reason(verify(sign(nowS), body, `whsec_${randomBytes(24).toString('base64')} ${secret}`))).toBe('ok');
  });
  it('rejects a tampered body, a stale or future timestamp, and missing headers', () => {
    expect(reason(verify(sign(nowS), Buffer.from('{"id":"evt_1","type":"issue.updated","data":{"key":"OPS-2"}}')))).toBe('tampered');
    expect(reason(verify(sign(nowS - 301)))).toBe('stale');
    expect(reason(verify(sign(nowS + 301)))).toBe('stale');
    expect(reason(verify({ 'webhook-id': 'msg_9' }))).toBe('missing-signature');
    expect(reason(verify({ ...sign(nowS), 'webhook-signature': 'v2,abc' }))).toBe('malformed-signature');
  });
});

describe('github scheme', () => {
  const secret = 'gh-secret';
  const sig = (b: Buffer, s = secret) => `sha256=${createHmac('sha256', s).update(b).digest('hex')}`;
  const verify = (headers: Record<string, string>, b = body) => SCHEMES.github.verify({ ...base, body: b, secret, headers });

  it('accepts a valid signature; the message id is the hash of the signed body, not the unsigned delivery id', () => {
    const messageId = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    expect(verify({ 'x-hub-signature-256': sig(body), 'x-github-delivery': 'd-1' })).toMatchObject({ ok: true, messageId, vendorId: 'd-1', timestamp: null });
    expect(verify({ 'x-hub-signature-256': sig(body), 'x-github-delivery': 'd-2' })).toMatchObject({ ok: true, messageId, vendorId: 'd-2' });
  });
  it('rejects tampered, wrong-key, malformed and missing signatures', () => {
    expect(reason(verify({ 'x-hub-signature-256': sig(body) }, Buffer.concat([body, Buffer.from(' ')])))).toBe('tampered');
    expect(reason(verify({ 'x-hub-signature-256': sig(body, 'other') }))).toBe('tampered');
    expect(reason(verify({ 'x-hub-signature-256': 'sha1=abc' }))).toBe('malformed-signature');
    expect(reason(verify({}))).toBe('missing-signature');
  });
});

describe('stripe scheme', () => {
  const secret = 'whsec_stripe_like';
  const sig = (t: number, b = body) => `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${b.toString()}`).digest('hex')}`;
  const verify = (value: string, b = body) => SCHEMES.stripe.verify({ ...base, body: b, secret, headers: { 'stripe-signature': value } });

  it('accepts a valid signature and takes the payload id', () => {
    expect(verify(sig(nowS))).toMatchObject({ ok: true, messageId: 'evt_1', timestamp: nowS });
    expect(reason(verify(`${sig(nowS)},v0=ignored`))).toBe('ok');
  });
  it('rejects tampered, stale and malformed signatures', () => {
    expect(reason(verify(sig(nowS), Buffer.from('{"id":"evt_1"}')))).toBe('tampered');
    expect(reason(verify(sig(nowS - 600)))).toBe('stale');
    expect(reason(verify('v1=abc'))).toBe('malformed-signature');
  });
});
