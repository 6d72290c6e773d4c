import { SecretError } from './errors.js';

/** How the runtime reaches Vault: its address, and a token or an AppRole to log in with. */
export interface VaultConfig {
  /** e.g. https://vault.internal:8200 */
  address: string;
  token?: string;
  appRole?: { roleId: string; secretId: string; mount?: string };
  /** Vault Enterprise / HCP namespace (`X-Vault-Namespace`). */
  namespace?: string;
  /**
   * KV v2 mounts whose name contains a slash (`kv/team`). A reference's first segment is its mount
   * otherwise.
   */
  mounts?: string[];
  /** Per request (default 5 s). */
  timeoutMs?: number;
}

interface LoginToken {
  token: string;
  /** When to log in again (ms epoch); Infinity for a configured token. */
  renewAt: number;
}

type Fetch = typeof fetch;

/**
 * A small KV v2 reader over HTTP. `vault:secret/integrations/slack#token` reads
 * `GET /v1/secret/data/integrations/slack` and returns `data.data.token`; a path that already names the
 * `data/` segment (`vault:secret/data/integrations/slack#token`, as the Vault CLI prints it) is read as is.
 * With AppRole the client logs in on first use, again before the token's TTL ends, and once more when
 * Vault answers 401/403 (a revoked or expired token).
 */
export class VaultKvClient {
  private login: Promise<LoginToken> | null = null;

  constructor(
    private readonly config: VaultConfig,
    private readonly deps: { fetch?: Fetch; now?: () => number } = {},
  ) {}

  /** The whole secret document at a path (all its keys). */
  async read(reference: string, path: string): Promise<Record<string, unknown>> {
    const url = this.dataUrl(path);
    let token = await this.token(reference);
    let res = await this.request(reference, url, { headers: this.headers(token.token) });
    if ((res.status === 401 || res.status === 403) && this.config.appRole) {
      this.login = null;
      token = await this.token(reference);
      res = await this.request(reference, url, { headers: this.headers(token.token) });
    }
    const body = (await res.json().catch(() => null)) as { data?: { data?: unknown; metadata?: { deletion_time?: string; destroyed?: boolean } }; errors?: string[] } | null;
    if (res.status === 401 || res.status === 403) {
      throw new SecretError(reference, 'denied', `Vault refused the read (${res.status}${body?.errors?.length ? `: ${body.errors.join('; ')}` : ''})`);
    }
    if (res.status === 404) {
      const meta = body?.data?.metadata;
      const why = meta?.destroyed ? 'its current version was destroyed' : meta?.deletion_time ? 'its current version was deleted' : 'no secret at this path (or no permission to know)';
      throw new SecretError(reference, 'not-found', `Vault: ${why}`);
    }
    if (res.status >= 400) throw new SecretError(reference, 'unavailable', `Vault answered ${res.status}${body?.errors?.length ? `: ${body.errors.join('; ')}` : ''}`);
    const data = body?.data?.data;
    if (!data || typeof data !== 'object') throw new SecretError(reference, 'unreadable', 'Vault answered without data.data (is the mount KV version 2?)');
    return data as Record<string, unknown>;
  }

  private dataUrl(path: string): string {
    const mount = this.config.mounts?.find((m) => path === m || path.startsWith(`${m}/`)) ?? path.split('/')[0];
    let rest = path.slice(mount.length).replace(/^\//, '');
    if (rest.startsWith('data/')) rest = rest.slice(5);
    const enc = (p: string) => p.split('/').map(encodeURIComponent).join('/');
    return `${this.config.address.replace(/\/+$/, '')}/v1/${enc(mount)}/data/${enc(rest)}`;
  }

  private headers(token: string): Record<string, string> {
    return { 'x-vault-token': token, ...(this.config.namespace ? { 'x-vault-namespace': this.config.namespace } : {}) };
  }

  private now(): number {
    return this.deps.now ? this.deps.now() : Date.now();
  }

  private async token(reference: string): Promise<LoginToken> {
    if (this.config.token) return { token: this.config.token, renewAt: Infinity };
    const role = this.config.appRole;
    if (!role) throw new SecretError(reference, 'not-configured', 'no Vault token or AppRole is configured (INTERLOCK_VAULT_TOKEN or INTERLOCK_VAULT_ROLE_ID/_SECRET_ID)');
    if (this.login) {
      const current = await this.login.catch(() => null);
      if (current && current.renewAt > this.now()) return current;
      this.login = null;
    }
    const started = this.now();
    const pending = (async () => {
      const url = `${this.config.address.replace(/\/+$/, '')}/v1/auth/${role.mount ?? 'approle'}/login`;
      const res = await this.request(reference, url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.config.namespace ? { 'x-vault-namespace': this.config.namespace } : {}) },
        body: JSON.stringify({ role_id: role.roleId, secret_id: role.secretId }),
      });
      const body = (await res.json().catch(() => null)) as { auth?: { client_token?: string; lease_duration?: number }; errors?: string[] } | null;
      if (res.status >= 400 || !body?.auth?.client_token) {
        throw new SecretError(reference, res.status >= 500 ? 'unavailable' : 'denied', `Vault AppRole login failed (${res.status}${body?.errors?.length ? `: ${body.errors.join('; ')}` : ''})`);
      }
      // Log in again when four fifths of the token's TTL have passed (0 = no expiry).
      const ttl = (body.auth.lease_duration ?? 0) * 1000;
      return { token: body.auth.client_token, renewAt: ttl > 0 ? started + ttl * 0.8 : Infinity };
    })();
    this.login = pending;
    pending.catch(() => {
      if (this.login === pending) this.login = null;
    });
    return pending;
  }

  private async request(reference: string, url: string, init: RequestInit): Promise<Response> {
    try {
      return await (this.deps.fetch ?? fetch)(url, { ...init, signal: AbortSignal.timeout(this.config.timeoutMs ?? 5000) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new SecretError(reference, 'unavailable', `Vault at ${this.config.address} is unreachable (${cause?.code ?? cause?.message ?? (error as Error).message})`);
    }
  }
}
