import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small stand-in for HashiCorp Vault on loopback (no Vault server can run here): KV v2 reads under any
 * mount, token auth and AppRole login, with the status codes and error bodies Vault uses. Tokens can be
 * revoked to exercise re-login; every request is recorded (path, token) for assertions.
 */
export interface FakeVault {
  url: string;
  /** Sets the keys of a KV v2 secret (`secret`, `integrations/slack`). */
  put(mount: string, path: string, data: Record<string, string>): void;
  /** Adds an AppRole; a login returns a fresh token with this TTL. */
  addAppRole(roleId: string, secretId: string, ttlSeconds?: number): void;
  addToken(token: string): void;
  revokeAll(): void;
  readonly requests: { method: string; path: string; token: string | undefined }[];
  close(): Promise<void>;
}

export async function startFakeVault(): Promise<FakeVault> {
  const secrets = new Map<string, Record<string, string>>();
  const roles = new Map<string, { secretId: string; ttl: number }>();
  const tokens = new Set<string>();
  const requests: FakeVault['requests'] = [];
  let issued = 0;
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const token = req.headers['x-vault-token'] as string | undefined;
    const path = new URL(req.url ?? '/', 'http://vault').pathname;
    requests.push({ method: req.method ?? 'GET', path, token });
    const login = /^\/v1\/auth\/approle\/login$/.exec(path);
    if (login && req.method === 'POST') {
      const { role_id, secret_id } = JSON.parse(body || '{}') as { role_id?: string; secret_id?: string };
      const role = role_id ? roles.get(role_id) : undefined;
      if (!role || role.secretId !== secret_id) return send(res, 400, { errors: ['invalid role or secret ID'] });
      const t = `hvs.fake-${++issued}`;
      tokens.add(t);
      return send(res, 200, { lease_duration: 0, auth: { client_token: t, accessor: `acc-${issued}`, lease_duration: role.ttl, renewable: true, token_policies: ['default'] } });
    }
    if (!token || !tokens.has(token)) return send(res, 403, { errors: ['permission denied', 'invalid token'] });
    const data = /^\/v1\/(.+?)\/data\/(.+)$/.exec(path);
    if (data && req.method === 'GET') {
      const found = secrets.get(`${decodeURIComponent(data[1])}/${decodeURIComponent(data[2])}`);
      if (!found) return send(res, 404, { errors: [] });
      return send(res, 200, { request_id: 'r', lease_id: '', renewable: false, lease_duration: 0, data: { data: found, metadata: { version: 1, destroyed: false, deletion_time: '' } }, wrap_info: null, warnings: null, auth: null });
    }
    return send(res, 404, { errors: [] });
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => handle(req, res, body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    put: (mount, path, data) => secrets.set(`${mount}/${path}`, data),
    addAppRole: (roleId, secretId, ttl = 3600) => roles.set(roleId, { secretId, ttl }),
    addToken: (t) => tokens.add(t),
    revokeAll: () => tokens.clear(),
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
