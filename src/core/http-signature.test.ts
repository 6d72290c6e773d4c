import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  contentDigest,
  contentDigestMatches,
  ed25519PublicKey,
  parseSignature,
  parseSignatureInput,
  signatureBase,
  signRequest,
  SignatureError,
  verifyBase,
  type SignedRequest,
} from './http-signature.js';

// RFC 9421 §B.2.5 / §B.2.6 and RFC 9530 vectors (recomputed in the protocol notes).
const HMAC_KEY = Buffer.from('uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ==', 'base64');
const RFC_REQUEST: SignedRequest = {
  method: 'POST',
  authority: 'example.com',
  path: '/foo',
  query: '?param=Value&Pet=dog',
  headers: { date: 'Tue, 20 Apr 2021 02:07:55 GMT', 'content-type': 'application/json', 'content-length': '18' },
};

describe('RFC 9421 signatures', () => {
  it('verifies the RFC HMAC-SHA256 vector (B.2.5)', () => {
    const input = parseSignatureInput('sig-b25=("date" "@authority" "content-type");created=1618884473;keyid="test-shared-secret"').get('sig-b25')!;
    expect(input.params).toEqual({ created: 1618884473, keyid: 'test-shared-secret' });
    const sig = parseSignature('sig-b25=:pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=:').get('sig-b25')!;
    const base = signatureBase(RFC_REQUEST, input);
    expect(base).toBe(
      '"date": Tue, 20 Apr 2021 02:07:55 GMT\n"@authority": example.com\n"content-type": application/json\n"@signature-params": ("date" "@authority" "content-type");created=1618884473;keyid="test-shared-secret"',
    );
    expect(verifyBase(base, sig, { alg: 'hmac-sha256', secret: HMAC_KEY })).toBe(true);
    expect(verifyBase(base.replace('example.com', 'example.org'), sig, { alg: 'hmac-sha256', secret: HMAC_KEY })).toBe(false);
  });

  it('verifies the RFC Ed25519 vector (B.2.6)', () => {
    const header = 'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"';
    const input = parseSignatureInput(header).get('sig-b26')!;
    const sig = Buffer.from('wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==', 'base64');
    const key = { alg: 'ed25519' as const, publicKey: ed25519PublicKey('MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=') };
    expect(verifyBase(signatureBase(RFC_REQUEST, input), sig, key)).toBe(true);
    expect(verifyBase(signatureBase({ ...RFC_REQUEST, method: 'PUT' }, input), sig, key)).toBe(false);
  });

  it('computes and checks RFC 9530 Content-Digest', () => {
    expect(contentDigest('{"hello": "world"}')).toBe('sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:');
    expect(contentDigestMatches('sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:', Buffer.from('{"hello": "world"}'))).toBe(true);
    expect(
      contentDigestMatches('sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:', Buffer.from('{"hello": "world"}')),
    ).toBe(true);
    expect(contentDigestMatches('sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:', Buffer.from('{"hello": "world!"}'))).toBe(false);
    // Only deprecated algorithms: nothing was checked, so nothing matches.
    expect(contentDigestMatches('md5=:AAAA:', Buffer.from('x'))).toBe(false);
  });

  it('round-trips what signRequest produces, for both algorithms', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const body = '{"a":1}';
    const req: SignedRequest = { method: 'POST', authority: '127.0.0.1:7300', path: '/v1/evidence', headers: { 'content-digest': contentDigest(body) } };
    for (const [sign, verify] of [
      [{ alg: 'ed25519', privateKey }, { alg: 'ed25519', publicKey }],
      [{ alg: 'hmac-sha256', secret: HMAC_KEY }, { alg: 'hmac-sha256', secret: HMAC_KEY }],
    ] as const) {
      const fields = signRequest(req, { keyid: 'probe-1', key: sign, created: 1700000000, nonce: 'n-1' });
      const input = parseSignatureInput(fields['signature-input']).get('sig1')!;
      expect(input.params).toEqual({ created: 1700000000, keyid: 'probe-1', alg: sign.alg, nonce: 'n-1' });
      const sig = parseSignature(fields.signature).get('sig1')!;
      expect(verifyBase(signatureBase(req, input), sig, verify)).toBe(true);
    }
  });

  it('refuses malformed fields with a SignatureError', () => {
    for (const bad of ['sig1=("@method" "@method");created=1', 'sig1=("@method");created="x"', 'sig1=("@method");bogus=1', 'sig1=("@method"', 'sig1="x"', 'sig1=(@method)']) {
      expect(() => parseSignatureInput(bad), bad).toThrow(SignatureError);
    }
    expect(() => parseSignature('sig1="not bytes"')).toThrow(SignatureError);
    expect(() => signatureBase({ ...RFC_REQUEST, headers: {} }, { components: ['content-digest'], raw: '("content-digest")' })).toThrow(/no such field/);
    expect(() => signatureBase(RFC_REQUEST, { components: ['@target-uri'], raw: '("@target-uri")' })).toThrow(/not supported/);
  });
});
