import { existsSync } from 'node:fs';
import { FatalError, UsageError } from '../core/errors.js';
import { TENANT_PATTERN, type CreatedToken, type TokenView } from '../core/token-api.js';
import { loadAccessControl } from '../runtime/access/enforcer.js';
import { SCOPES, unknownScopes } from '../runtime/access/scopes.js';
import { loadRuntimeConfig } from '../runtime/config.js';
import type { AuditInput } from '../runtime/model.js';
import { RuntimeProblem } from '../runtime/problem.js';
import { DirectoryInUseError } from '../runtime/store/directory-lock.js';
import { openStore, type Store } from '../runtime/store/store.js';
import { RuntimeClient } from '../runtime-client/client.js';
import { DEFAULT_RUNTIME_URL, runtimeEndpoint } from '../runtime-client/endpoint.js';
import type { CliIO } from './io.js';
import { storeFailure } from './open-store.js';
import { runtimeFatal } from './runtime-options.js';

/** What `interlock runtime token …` does, whether through a running runtime or on its store directly. */
export interface TokenAdmin {
  /** `runtime URL` or the store's location, for messages. */
  readonly via: string;
  create(role: string, opts: { tenant?: string; scopes?: string[]; label?: string; expiresAt?: Date }): Promise<CreatedToken>;
  list(): Promise<TokenView[]>;
  revoke(id: string): Promise<TokenView>;
  rotate(id: string, opts: { overlapSeconds: number; expiresAt?: Date }): Promise<CreatedToken>;
  close(): Promise<void>;
}

export interface TokenAdminFlags {
  runtime?: string;
  ca?: string;
  data?: string;
  databaseUrl?: string;
  workspace?: string;
}

/**
 * Chooses where token commands act. `--runtime` (or INTERLOCK_RUNTIME_URL) goes through the admin API
 * with INTERLOCK_TOKEN, so a token can be managed while the runtime runs; `--data` / `--database-url` (or
 * neither) open the store directly. The embedded store admits one process: when a runtime holds it and
 * INTERLOCK_TOKEN is set, the command goes through that runtime's admin API instead.
 */
export async function openTokenAdmin(io: CliIO, flags: TokenAdminFlags): Promise<TokenAdmin> {
  if (flags.runtime && (flags.data || flags.databaseUrl)) throw new UsageError('give one of --runtime, --data or --database-url');
  const url = flags.runtime ?? (flags.data || flags.databaseUrl ? undefined : io.env.INTERLOCK_RUNTIME_URL);
  if (url) return apiAdmin(io, flags, url);
  const { config, error } = loadRuntimeConfig(flags, io.env, io.cwd);
  if (!config) throw new UsageError(error ?? 'invalid runtime configuration');
  let store: Store;
  try {
    store = await openStore(config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
  } catch (e) {
    if (e instanceof DirectoryInUseError) {
      if (io.env.INTERLOCK_TOKEN) return apiAdmin(io, flags, DEFAULT_RUNTIME_URL);
      throw new FatalError(
        `${e.message} (a running runtime); manage tokens through it: set INTERLOCK_TOKEN to an admin token and pass --runtime URL (or set INTERLOCK_RUNTIME_URL)`,
      );
    }
    throw storeFailure(e, config.databaseUrl ? 'the PostgreSQL database' : config.dataDir);
  }
  return storeAdmin(store, config.databaseUrl ? 'PostgreSQL' : config.dataDir, config.workspace);
}

function apiAdmin(io: CliIO, flags: TokenAdminFlags, url: string): TokenAdmin {
  if (!/^https?:\/\//.test(url)) throw new UsageError(`--runtime must be an http(s) URL, got '${url}'`);
  const client = new RuntimeClient({ ...runtimeEndpoint(flags, io.env), url });
  const call = async <T>(doing: string, p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } catch (error) {
      throw runtimeFatal(error, doing);
    }
  };
  return {
    via: `runtime ${client.url}`,
    create: (role, o) => call('creating a token', client.createToken({ role, ...(o.tenant ? { tenant: o.tenant } : {}), ...(o.scopes ? { scopes: o.scopes } : {}), ...(o.label ? { label: o.label } : {}), ...(o.expiresAt ? { expiresAt: o.expiresAt.toISOString() } : {}) })),
    list: () => call('listing tokens', client.listTokens()),
    revoke: (id) => call(`revoking token ${id}`, client.revokeToken(id)),
    rotate: (id, o) => call(`rotating token ${id}`, client.rotateToken(id, { overlapSeconds: o.overlapSeconds, ...(o.expiresAt ? { expiresAt: o.expiresAt.toISOString() } : {}) })),
    close: async () => client.close(),
  };
}

/** On the store itself, each change audited as the local operator (whoever can open the store). */
function storeAdmin(store: Store, where: string, workspace: string): TokenAdmin {
  const actor = 'local:cli';
  const audit = (action: string, target: string): AuditInput => ({ actor, action, target, data: { via: 'cli' } });
  const call = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } catch (error) {
      if (error instanceof RuntimeProblem) throw new FatalError(`${error.message} (${error.slug})`);
      throw error;
    }
  };
  return {
    via: where,
    async create(role, o) {
      const access = await loadAccessControl(workspace);
      if (!access.roles().includes(role)) throw new UsageError(`unknown role ${JSON.stringify(role)}; roles in ${access.source}: ${access.roles().join(', ')}`);
      const now = new Date();
      return call(store.createToken(role, now, { tenant: o.tenant ?? null, scopes: o.scopes ?? null, label: o.label ?? null, expiresAt: o.expiresAt ?? null }, audit('createToken', 'tokens')));
    },
    list: () => store.listTokens(),
    revoke: (id) => call(store.revokeToken(id, { actor, now: new Date() }, audit('revokeToken', `tokens/${id}`))),
    rotate: (id, o) => call(store.rotateToken(id, { overlapSeconds: o.overlapSeconds, ...(o.expiresAt ? { expiresAt: o.expiresAt } : {}) }, { actor, now: new Date() }, audit('rotateToken', `tokens/${id}`))),
    close: () => store.close(),
  };
}

const DURATION = /^(\d+)(s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30s`, `15m`, `12h`, `30d`, `2w` → milliseconds; null when it is none of these. */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text.trim());
  return m ? Number(m[1]) * UNIT_MS[m[2]] : null;
}

/** The expiry of `--expires-in` or `--expires-at` (one of them), from `now`. */
export function expiryFlag(flags: { expiresIn?: string; expiresAt?: string }, now: Date): Date | undefined {
  if (flags.expiresIn !== undefined && flags.expiresAt !== undefined) throw new UsageError('give one of --expires-in or --expires-at');
  if (flags.expiresIn !== undefined) {
    const ms = parseDuration(flags.expiresIn);
    if (!ms) throw new UsageError(`--expires-in needs a duration such as 30d, 12h or 2w, got '${flags.expiresIn}'`);
    return new Date(now.getTime() + ms);
  }
  if (flags.expiresAt !== undefined) {
    const at = /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d))?$/.test(flags.expiresAt) ? new Date(flags.expiresAt) : new Date(Number.NaN);
    if (Number.isNaN(at.getTime())) throw new UsageError(`--expires-at needs a date (2027-01-31) or date-time (2027-01-31T12:00:00Z), got '${flags.expiresAt}'`);
    if (at <= now) throw new UsageError(`--expires-at ${flags.expiresAt} is not in the future`);
    return at;
  }
  return undefined;
}

/** `--tenant`: a lowercase slug, or absent for a platform operator token. */
export function tenantFlag(tenant: string | undefined): string | undefined {
  if (tenant === undefined) return undefined;
  if (!TENANT_PATTERN.test(tenant)) throw new UsageError(`--tenant needs a lowercase slug (a-z, 0-9 and inner '-', at most 63 characters) such as acme-eu, got ${JSON.stringify(tenant)}`);
  return tenant;
}

/** `--scope` (repeated, or comma-separated): known scopes, each once; absent for a token its role alone limits. */
export function scopesFlag(given: readonly string[] | undefined): string[] | undefined {
  const scopes = [...new Set((given ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean))];
  if (!given?.length) return undefined;
  if (!scopes.length) throw new UsageError('--scope needs a scope such as evidence:write or integrations:jira-issue-sync:read');
  const unknown = unknownScopes(scopes);
  if (unknown.length) {
    throw new UsageError(`--scope: unknown scope ${unknown.map((u) => `'${u.scope}'`).join(', ')}; scopes are ${SCOPES.map((s) => s.scope).join(', ')} and integrations:<name>:read|write (docs/runtime/scopes.md)`);
  }
  return scopes;
}

/** A store location named by flags exists (list/revoke/rotate never create a store). */
export function assertStoreExists(io: CliIO, flags: TokenAdminFlags): void {
  if (flags.runtime || io.env.INTERLOCK_RUNTIME_URL || flags.databaseUrl || io.env.INTERLOCK_DATABASE_URL) return;
  const { config } = loadRuntimeConfig(flags, io.env, io.cwd);
  if (config && !existsSync(config.dataDir)) throw new UsageError(`no runtime store at ${config.dataDir}; pass --runtime URL, --data DIR or --database-url URL`);
}
