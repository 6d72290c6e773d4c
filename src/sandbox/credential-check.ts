import { createHmac, createPublicKey, timingSafeEqual, verify } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { MOCK_ACCESS_TOKEN } from '../mock/index.js';

type Check = (request: { headers: IncomingHttpHeaders; body: Buffer; tokenRequest: boolean }) => boolean;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const REF = /^(env|file|vault):/;

/**
 * How an integration's mock judges the credentials it receives, as the vendor would, against the values
 * the sandbox's secret provider holds (`expected`): an API key in its header (bare or as a Bearer token),
 * HTTP basic, OAuth 2 client credentials at the token endpoint (or, for the JWT bearer grant, an
 * assertion signed with the client's key, RFC 7523) and the token it handed out on every other request. Undefined (not judged) for JWT, mutual TLS, no auth, and an API key sent in the query.
 */
export function credentialCheck(auth: unknown, expected: (ref: string) => string): Check | undefined {
  if (!isObject(auth)) return undefined;
  switch (auth.type) {
    case 'apiKey': {
      if (auth.in === 'query' || typeof auth.name !== 'string' || typeof auth.value !== 'string') return undefined;
      const name = auth.name.toLowerCase();
      const value = expected(auth.value);
      return ({ headers }) => headers[name] === value || headers[name] === `Bearer ${value}`;
    }
    case 'basic': {
      if (typeof auth.username !== 'string' || typeof auth.password !== 'string') return undefined;
      const user = REF.test(auth.username) ? expected(auth.username) : auth.username;
      const want = `Basic ${Buffer.from(`${user}:${expected(auth.password)}`).toString('base64')}`;
      return ({ headers }) => headers.authorization === want;
    }
    case 'oauth2': {
      if (typeof auth.clientSecret !== 'string') return undefined;
      const secret = expected(auth.clientSecret);
      const granted = (form: URLSearchParams) => (auth.grant === 'jwt_bearer' ? signedWith(form.get('assertion'), secret) : form.get('client_secret') === secret);
      return ({ headers, body, tokenRequest }) => (tokenRequest ? granted(new URLSearchParams(body.toString('utf8'))) : headers.authorization === `Bearer ${MOCK_ACCESS_TOKEN}`);
    }
    default:
      return undefined;
  }
}

/** Whether a compact JWT is signed with `key`: RS256 by the public half of a PEM private key, else HS256. */
function signedWith(assertion: string | null, key: string): boolean {
  const parts = assertion?.split('.');
  if (!parts || parts.length !== 3) return false;
  const unsigned = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2], 'base64url');
  try {
    if (key.includes('-----BEGIN')) return verify('sha256', unsigned, createPublicKey(key), signature);
    const want = createHmac('sha256', key).update(unsigned).digest();
    return want.length === signature.length && timingSafeEqual(want, signature);
  } catch {
    return false;
  }
}
