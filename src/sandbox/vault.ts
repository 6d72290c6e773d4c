import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { parseSecretReference } from '../secrets/index.js';

/** The sandbox's Vault: the KV v2 reads the runtime makes, with token auth, on loopback. */
export interface SandboxVault {
  url: string;
  /** The token the sandbox's runtime logs in with (made up per run). */
  token: string;
  /** Each `vault:` reference of the workspace → the value this Vault holds for it. */
  values: ReadonlyMap<string, string>;
  /** Requests answered (path, whether the token was right), for tests. */
  readonly reads: { path: string; authorized: boolean }[];
  close(): Promise<void>;
}

/** `secret/integrations/x` or `secret/data/integrations/x` → the KV v2 read path `/v1/secret/data/integrations/x`. */
export function kvReadPath(path: string): string {
  const [mount, ...rest] = path.split('/');
  return `/v1/${mount}/${rest[0] === 'data' ? rest.join('/') : ['data', ...rest].join('/')}`;
}

/**
 * Starts a small stand-in for HashiCorp Vault holding a value for every `vault:` reference given (no Vault
 * server runs on a developer's machine): the sandbox's runtime resolves those references from it over
 * HTTP with its real Vault client, exactly as it would in production, and the mocks check the credentials
 * they receive against the same values.
 */
export async function startSandboxVault(refs: Iterable<string>, valueOf: (ref: string) => string): Promise<SandboxVault> {
  const values = new Map<string, string>();
  const secrets = new Map<string, Record<string, string>>();
  for (const ref of refs) {
    const parsed = parseSecretReference(ref);
    if ('error' in parsed || parsed.value.scheme !== 'vault') continue;
    const value = valueOf(ref);
    values.set(ref, value);
    const at = kvReadPath(parsed.value.path);
    secrets.set(at, { ...secrets.get(at), [parsed.value.key]: value });
  }
  const token = `hvs.sandbox-${randomBytes(12).toString('hex')}`;
  const reads: SandboxVault['reads'] = [];
  const server = createServer((req, res) => {
    req.resume();
    const path = new URL(req.url ?? '/', 'http://vault').pathname;
    const authorized = req.headers['x-vault-token'] === token;
    reads.push({ path, authorized });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!authorized) return send(403, { errors: ['permission denied'] });
    const data = req.method === 'GET' ? secrets.get(path) : undefined;
    if (!data) return send(404, { errors: [] });
    send(200, { data: { data, metadata: { version: 1, destroyed: false, deletion_time: '' } }, lease_duration: 0, renewable: false });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    values,
    reads,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Every secret reference (`env:`, `file:`, `vault:`) in a value, however deep. */
export function secretReferencesIn(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    if (/^(env|file|vault):/.test(value) && !('error' in parseSecretReference(value))) out.add(value);
  } else if (Array.isArray(value)) for (const v of value) secretReferencesIn(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) secretReferencesIn(v, out);
  return out;
}
