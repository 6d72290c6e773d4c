import path from 'node:path';

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
}

/**
 * The runtime's only reader of the environment. Flags win over `INTERLOCK_RUNTIME_HOST`, `_PORT`, `_DATA`,
 * `INTERLOCK_DATABASE_URL` and `INTERLOCK_RUNTIME_MAX_BODY`; relative paths resolve against `cwd`.
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
  return {
    config: {
      host: flags.host ?? env.INTERLOCK_RUNTIME_HOST ?? DEFAULT_HOST,
      port,
      dataDir: path.resolve(cwd, flags.data ?? env.INTERLOCK_RUNTIME_DATA ?? DEFAULT_DATA_DIR),
      ...(databaseUrl ? { databaseUrl } : {}),
      workspace: path.resolve(cwd, flags.workspace ?? '.'),
      maxBodyBytes,
    },
  };
}
