import path from 'node:path';
import type { BackpressureOptions } from './api/backpressure.js';
import type { RateLimits } from './api/rate-limiter.js';
import type { RuntimeTlsConfig } from './tls.js';
import type { GitHubTarget } from './monitor/vendor-spec/vendor-spec-watcher.js';

/** Everything `startRuntime` needs; `loadRuntimeConfig` fills it from flags and the environment. */
export interface RuntimeConfig {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The embedded store's directory (ignored when `databaseUrl` is set). */
  dataDir: string;
  /** PostgreSQL instead of the embedded store. */
  databaseUrl?: string;
  /** Where policies/access.conf and access.csv are looked up first. */
  workspace: string;
  maxBodyBytes: number;
  /** HTTPS (and with `clientCa`, mutual TLS) instead of plain HTTP. */
  tls?: RuntimeTlsConfig;
  /** Calls per token (token bucket `burst`/`perSecond`, optional `daily` quota); `false`: unlimited. */
  rateLimits?: RateLimits | false;
  /** Event intake is refused (503) past this many pending deliveries; `false`: no bound. */
  backpressure?: BackpressureOptions | false;
  /** Where vendor spec drift pull requests are opened; none: drift only alerts. */
  github?: GitHubTarget;
  /**
   * Secret references of the key-encryption key that seals payloads at rest (`current`) and of retired ones
   * whose rows are not yet re-wrapped (`previous`). Absent: the embedded store's local key file; PostgreSQL
   * stores plaintext.
   */
  keys?: { current: string; previous: string[] };
  /** Days of trust scores, job runs and resolved alerts kept by `history:purge` (default 400). */
  historyDays?: number;
  /** The region this runtime serves (residency: tenants pinned elsewhere are refused); absent: none. */
  region?: string;
}

export const DEFAULT_PORT = 7300;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_DATA_DIR = '.interlock/runtime';
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;
export { DEFAULT_RUNTIME_URL, runtimeEndpoint } from '../runtime-client/endpoint.js';

export interface RuntimeFlags {
  host?: string;
  port?: string | number;
  data?: string;
  databaseUrl?: string;
  workspace?: string;
  maxBodyBytes?: string | number;
  tlsCert?: string;
  tlsKey?: string;
  tlsClientCa?: string;
  kek?: string;
  kekPrevious?: string;
  region?: string;
}

/**
 * The runtime's only reader of the environment. Flags win over `INTERLOCK_RUNTIME_HOST`, `_PORT`, `_DATA`,
 * `INTERLOCK_DATABASE_URL` and `INTERLOCK_RUNTIME_MAX_BODY`; relative paths resolve against `cwd`.
 * TLS material (`--tls-cert`, `--tls-key`, `--tls-client-ca`, or `INTERLOCK_RUNTIME_TLS_CERT`, `_KEY`,
 * `_CLIENT_CA`) is a secret reference (`env:`, `file:`, `vault:`); a bare path means `file:` that path.
 * `INTERLOCK_RATE_LIMIT` is `BURST/PER_SECOND[/DAILY]` per token, or `off`; `INTERLOCK_OUTBOX_MAX_BACKLOG`
 * is the pending deliveries past which event intake answers 503, or `off`. Vendor spec drift pull requests go to
 * `INTERLOCK_GITHUB_REPOSITORY` (owner/name) with `INTERLOCK_GITHUB_TOKEN` (else `GITHUB_TOKEN`), `GITHUB_API_URL`
 * and `INTERLOCK_GITHUB_BASE` (default main). The key-encryption key (`--kek`,
 * `INTERLOCK_RUNTIME_KEK`) and retired ones (`--kek-previous`, `INTERLOCK_RUNTIME_KEK_PREVIOUS`, comma-separated)
 * are secret references like the TLS material. `INTERLOCK_HISTORY_DAYS` is how long the runtime's own history
 * (trust scores, job runs, resolved alerts) is kept.
 * `--region` (`INTERLOCK_RUNTIME_REGION`) is the region the runtime serves (docs/runtime/tenants.md#residency).
 * Returns a message for a value that cannot be used instead of throwing.
 */
export function loadRuntimeConfig(
  flags: RuntimeFlags,
  env: Record<string, string | undefined> = process.env,
  cwd = process.cwd(),
): { config?: RuntimeConfig; error?: string } {
  const port = Number(flags.port ?? env.INTERLOCK_RUNTIME_PORT ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { error: `invalid port ${String(flags.port ?? env.INTERLOCK_RUNTIME_PORT)}` };
  const maxBodyBytes = Number(flags.maxBodyBytes ?? env.INTERLOCK_RUNTIME_MAX_BODY ?? DEFAULT_MAX_BODY_BYTES);
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) return { error: `invalid body limit ${String(flags.maxBodyBytes)}` };
  const databaseUrl = flags.databaseUrl ?? env.INTERLOCK_DATABASE_URL;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) return { error: 'the database URL must start with postgres:// or postgresql://' };
  const cert = flags.tlsCert ?? env.INTERLOCK_RUNTIME_TLS_CERT;
  const key = flags.tlsKey ?? env.INTERLOCK_RUNTIME_TLS_KEY;
  const clientCa = flags.tlsClientCa ?? env.INTERLOCK_RUNTIME_TLS_CLIENT_CA;
  if ((cert === undefined) !== (key === undefined)) return { error: 'TLS needs both a certificate and a key (--tls-cert and --tls-key)' };
  if (clientCa !== undefined && cert === undefined) return { error: 'mutual TLS (--tls-client-ca) needs --tls-cert and --tls-key' };
  const rate = env.INTERLOCK_RATE_LIMIT;
  let rateLimits: RateLimits | false | undefined;
  if (rate === 'off') rateLimits = false;
  else if (rate !== undefined) {
    const m = /^(\d+)\/(\d+(?:\.\d+)?)(?:\/(\d+))?$/.exec(rate);
    if (!m || Number(m[1]) < 1 || Number(m[2]) <= 0) return { error: `INTERLOCK_RATE_LIMIT must be BURST/PER_SECOND[/DAILY] (e.g. 1000/500) or off, got ${JSON.stringify(rate)}` };
    rateLimits = { burst: Number(m[1]), perSecond: Number(m[2]), daily: m[3] ? Number(m[3]) : null };
  }
  const backlog = env.INTERLOCK_OUTBOX_MAX_BACKLOG;
  if (backlog !== undefined && backlog !== 'off' && !/^\d+$/.test(backlog)) return { error: `INTERLOCK_OUTBOX_MAX_BACKLOG must be a number of deliveries or off, got ${JSON.stringify(backlog)}` };
  const github = githubFromEnv(env);
  if (typeof github === 'string') return { error: github };
  const kek = flags.kek ?? env.INTERLOCK_RUNTIME_KEK;
  const kekPrevious = (flags.kekPrevious ?? env.INTERLOCK_RUNTIME_KEK_PREVIOUS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (kekPrevious.length && kek === undefined) return { error: 'retired key-encryption keys (--kek-previous) need the current one (--kek)' };
  const history = env.INTERLOCK_HISTORY_DAYS;
  if (history !== undefined && !/^[1-9]\d*$/.test(history)) return { error: `INTERLOCK_HISTORY_DAYS must be a whole number of days, got ${JSON.stringify(history)}` };
  const region = flags.region ?? env.INTERLOCK_RUNTIME_REGION;
  if (region !== undefined && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(region)) return { error: `the region must be a lowercase name such as eu-west-1, got ${JSON.stringify(region)}` };
  const backpressure = backlog === undefined ? undefined : backlog === 'off' ? false : { maxBacklog: Number(backlog) };
  return {
    config: {
      ...(rateLimits !== undefined ? { rateLimits } : {}),
      ...(kek !== undefined ? { keys: { current: tlsRef(kek, cwd), previous: kekPrevious.map((r) => tlsRef(r, cwd)) } } : {}),
      ...(backpressure !== undefined ? { backpressure } : {}),
      ...(history !== undefined ? { historyDays: Number(history) } : {}),
      ...(github ? { github } : {}),
      ...(region !== undefined ? { region } : {}),
      host: flags.host ?? env.INTERLOCK_RUNTIME_HOST ?? DEFAULT_HOST,
      port,
      dataDir: path.resolve(cwd, flags.data ?? env.INTERLOCK_RUNTIME_DATA ?? DEFAULT_DATA_DIR),
      ...(databaseUrl ? { databaseUrl } : {}),
      workspace: path.resolve(cwd, flags.workspace ?? '.'),
      maxBodyBytes,
      ...(cert !== undefined && key !== undefined ? { tls: { cert: tlsRef(cert, cwd), key: tlsRef(key, cwd), ...(clientCa !== undefined ? { clientCa: tlsRef(clientCa, cwd) } : {}) } } : {}),
    },
  };
}

/** A TLS reference as given, or a bare path as a `file:` reference (resolved against `cwd`). */
function tlsRef(value: string, cwd: string): string {
  return /^(env|file|vault):/.test(value) ? value : `file:${path.resolve(cwd, value)}`;
}

/** The GitHub repository vendor spec drift pull requests go to, from the environment; a string says what is wrong. */
export function githubFromEnv(env: Record<string, string | undefined>): GitHubTarget | undefined | string {
  const repository = env.INTERLOCK_GITHUB_REPOSITORY;
  if (!repository) return undefined;
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) return `INTERLOCK_GITHUB_REPOSITORY must be owner/name, got ${JSON.stringify(repository)}`;
  const token = env.INTERLOCK_GITHUB_TOKEN ?? env.GITHUB_TOKEN;
  if (!token) return 'INTERLOCK_GITHUB_REPOSITORY needs a token in INTERLOCK_GITHUB_TOKEN or GITHUB_TOKEN';
  return { repository, token, base: env.INTERLOCK_GITHUB_BASE || 'main', ...(env.GITHUB_API_URL ? { apiUrl: env.GITHUB_API_URL } : {}) };
}
