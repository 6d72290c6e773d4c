import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jwt } from '../adapter-runtime/wire.js';
import { credentialCheck } from './credential-check.js';

const SECRET_REF = 'vault:secret/data/integrations/acme#key';
const tokenRequest = (form: Record<string, string>) => ({ headers: {}, body: Buffer.from(new URLSearchParams(form).toString()), tokenRequest: true });
const assertion = (key: string) => jwt({ type: 'jwt', audience: 'https://login.example.com/token', signingKey: SECRET_REF }, key, 'client-1');

describe('sandbox credential checks', () => {
  it('client credentials: the token request must carry the held client secret', () => {
    const check = credentialCheck({ type: 'oauth2', tokenUrl: 'https://login.example.com/token', clientSecret: SECRET_REF }, () => 'held-secret')!;
    expect(check(tokenRequest({ grant_type: 'client_credentials', client_secret: 'held-secret' }))).toBe(true);
    expect(check(tokenRequest({ grant_type: 'client_credentials', client_secret: 'other' }))).toBe(false);
  });

  it('JWT bearer grant: the assertion must be signed with the held key (HS256 for a shared key)', () => {
    const check = credentialCheck({ type: 'oauth2', grant: 'jwt_bearer', tokenUrl: 'https://login.example.com/token', clientSecret: SECRET_REF }, () => 'held-key')!;
    const grant = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
    expect(check(tokenRequest({ grant_type: grant, assertion: assertion('held-key') }))).toBe(true);
    expect(check(tokenRequest({ grant_type: grant, assertion: assertion('other-key') }))).toBe(false);
    expect(check(tokenRequest({ grant_type: grant }))).toBe(false);
    expect(check(tokenRequest({ grant_type: grant, assertion: 'not.a-jwt' }))).toBe(false);
  });

  it('JWT bearer grant: RS256 with a PEM private key is checked against its public half', () => {
    const pem = (k: ReturnType<typeof generateKeyPairSync>['privateKey']) => k.export({ type: 'pkcs8', format: 'pem' }).toString();
    const held = pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    const other = pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
    const check = credentialCheck({ type: 'oauth2', grant: 'jwt_bearer', tokenUrl: 'https://login.example.com/token', clientSecret: SECRET_REF }, () => held)!;
    expect(check(tokenRequest({ assertion: assertion(held) }))).toBe(true);
    expect(check(tokenRequest({ assertion: assertion(other) }))).toBe(false);
  });
});
