import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SCHEMES } from './schemes.js';
import type { Verdict } from './scheme.js';

const reason = (v: Verdict) => (v.ok ? 'ok' : v.reason);

describe('slack scheme (v0)', () => {
  // Slack's documented test vector.
  const secret = '8f742231b10e8888abcd99yyyzzz85a5';
  const ts = '1531420618';
  const body = Buffer.from(
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  );
  const signature = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
  const now = new Date(Number(ts) * 1000 + 60_000);
  const verify = (headers: Record<string, string>, b = body, at = now) => SCHEMES.slack.verify({ body: b, headers, secret, toleranceSeconds: 300, now: at });

  it('accepts the documented vector', () => {
    expect(verify({ 'x-slack-signature': signature, 'x-slack-request-timestamp': ts })).toMatchObject({ ok: true, timestamp: Number(ts) });
  });
  it('takes the Events API event_id as the message id', () => {
    const json = Buffer.from('{"type":"event_callback","event_id":"Ev08MFMKH6","event":{"type":"app_mention"}}');
    const sig = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${json.toString()}`).digest('hex')}`;
    expect(verify({ 'x-slack-signature': sig, 'x-slack-request-timestamp': ts }, json)).toMatchObject({ ok: true, messageId: 'Ev08MFMKH6' });
  });
  it('refuses a stale timestamp, a tampered body, another version and missing headers', () => {
    expect(reason(verify({ 'x-slack-signature': signature, 'x-slack-request-timestamp': ts }, body, new Date(Number(ts) * 1000 + 301_000)))).toBe('stale');
    expect(reason(verify({ 'x-slack-signature': signature, 'x-slack-request-timestamp': ts }, Buffer.concat([body, Buffer.from('x')])))).toBe('tampered');
    expect(reason(verify({ 'x-slack-signature': signature.replace('v0=', 'v1='), 'x-slack-request-timestamp': ts }))).toBe('malformed-signature');
    expect(reason(verify({ 'x-slack-signature': signature }))).toBe('missing-signature');
  });
});

describe('jira scheme (X-Hub-Signature)', () => {
  // Atlassian's documented test vector.
  const secret = "It's a Secret to Everybody";
  const body = Buffer.from('Hello World!');
  const verify = (headers: Record<string, string>, b = body) => SCHEMES.jira.verify({ body: b, headers, secret, toleranceSeconds: 300, now: new Date() });

  it('accepts the documented vector and takes the webhook identifier', () => {
    expect(verify({ 'x-hub-signature': 'sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9', 'x-atlassian-webhook-identifier': 'wh-77' })).toMatchObject({
      ok: true,
      messageId: 'wh-77',
      timestamp: null,
    });
  });
  it('refuses an unknown method, GitHub’s header, and a tampered body', () => {
    expect(reason(verify({ 'x-hub-signature': 'sha512=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9' }))).toBe('malformed-signature');
    expect(reason(verify({ 'x-hub-signature-256': 'sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9' }))).toBe('missing-signature');
    expect(reason(verify({ 'x-hub-signature': 'sha256=a4771c39fbe90f317c7824e83ddef3caae9cb3d976c214ace1f2937e133263c9' }, Buffer.from('Hello, World!')))).toBe('tampered');
  });
});

describe('twilio scheme (X-Twilio-Signature)', () => {
  // Twilio's documented test vector.
  const secret = '12345';
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const form = Buffer.from(new URLSearchParams({ CallSid: 'CA1234567890ABCDE', Caller: '+14158675310', Digits: '1234', From: '+14158675310', To: '+18005551212' }).toString());
  const headers = { 'x-twilio-signature': 'GvWf1cFY/Q7PnoempGyD5oXAezc=', 'content-type': 'application/x-www-form-urlencoded' };
  const verify = (h: Record<string, string>, b = form, u: string | undefined = url) => SCHEMES.twilio.verify({ body: b, headers: h, secret, toleranceSeconds: 300, now: new Date(), ...(u ? { url: u } : {}) });

  it('accepts the documented vector, also with the default port written out', () => {
    expect(reason(verify(headers))).toBe('ok');
    expect(reason(verify(headers, form, 'https://mycompany.com:443/myapp.php?foo=1&bar=2'))).toBe('ok');
  });
  it('checks bodySHA256 for JSON bodies and signs the URL alone', () => {
    const json = Buffer.from('{"MessageSid":"SM1"}');
    const sha = createHash('sha256').update(json).digest('hex');
    const signedUrl = `https://mycompany.com/hooks/twilio?bodySHA256=${sha}`;
    const sig = createHmac('sha1', secret).update(signedUrl).digest('base64');
    expect(reason(verify({ 'x-twilio-signature': sig, 'content-type': 'application/json' }, json, signedUrl))).toBe('ok');
    expect(reason(verify({ 'x-twilio-signature': sig, 'content-type': 'application/json' }, Buffer.from('{"MessageSid":"SM2"}'), signedUrl))).toBe('tampered');
  });
  it('refuses a changed parameter, another URL and an unknown URL', () => {
    expect(reason(verify(headers, Buffer.from(form.toString().replace('1234', '1235'))))).toBe('tampered');
    expect(reason(verify(headers, form, 'https://mycompany.com/other.php?foo=1&bar=2'))).toBe('tampered');
    expect(reason(SCHEMES.twilio.verify({ body: form, headers, secret, toleranceSeconds: 300, now: new Date() }))).toBe('malformed-signature');
  });
});
