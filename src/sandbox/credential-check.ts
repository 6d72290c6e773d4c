import type { IncomingHttpHeaders } from 'node:http';
import { MOCK_ACCESS_TOKEN } from '../mock/index.js';

type Check = (request: { headers: IncomingHttpHeaders; body: Buffer; tokenRequest: boolean }) => boolean;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const REF = /^(env|file|vault):/;

/**
 * How an integration's mock judges the credentials it receives, as the vendor would, against the values
 * the sandbox's secret provider holds (`expected`): an API key in its header (bare or as a Bearer token),
 * HTTP basic, OAuth 2 client credentials at the token endpoint and the token it handed out on every
 * other request. Undefined (not judged) for JWT, mutual TLS, no auth, and an API key sent in the query.
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
      return ({ headers, body, tokenRequest }) => (tokenRequest ? new URLSearchParams(body.toString('utf8')).get('client_secret') === secret : headers.authorization === `Bearer ${MOCK_ACCESS_TOKEN}`);
    }
    default:
      return undefined;
  }
}
