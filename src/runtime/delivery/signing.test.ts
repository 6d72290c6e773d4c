import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { signWebhook, splitSecrets } from './signing.js';

const newSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

describe('Standard Webhooks signing', () => {
  it('produces headers the standardwebhooks verifier accepts', () => {
    const secret = newSecret();
    const body = JSON.stringify({ type: 'incident.created', data: { id: 7, note: 'ünïcode' } });
    const ts = Math.floor(Date.now() / 1000);
    const headers = signWebhook([secret], 'msg_1', ts, body);
    expect(headers['webhook-id']).toBe('msg_1');
    expect(headers['webhook-timestamp']).toBe(String(ts));
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it('signs with every secret during rotation, so either key verifies', () => {
    const [current, old] = [newSecret(), newSecret()];
    const body = '{"a":1}';
    const headers = signWebhook(splitSecrets(`${current}  ${old}`), 'msg_2', Math.floor(Date.now() / 1000), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(current).verify(body, { ...headers })).toEqual({ a: 1 });
    expect(new Webhook(old).verify(body, { ...headers })).toEqual({ a: 1 });
  });

  it('is refused by the verifier when the body or the key differs', () => {
    const secret = newSecret();
    const headers = signWebhook([secret], 'msg_3', Math.floor(Date.now() / 1000), '{"a":1}');
    expect(() => new Webhook(secret).verify('{"a":2}', { ...headers })).toThrow();
    expect(() => new Webhook(newSecret()).verify('{"a":1}', { ...headers })).toThrow();
  });
});
