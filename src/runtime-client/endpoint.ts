/** Where a runtime listens unless told otherwise (`interlock runtime start` without flags). */
export const DEFAULT_RUNTIME_URL = 'http://127.0.0.1:7300';

import type { RuntimeClientTls } from './https-transport.js';

/**
 * Where CLI commands find a running runtime, the token they present, and for an https runtime the CA
 * (`--ca` or INTERLOCK_RUNTIME_CA) and client certificate (INTERLOCK_RUNTIME_CLIENT_CERT and _KEY) files.
 */
export function runtimeEndpoint(flags: { runtime?: string; ca?: string }, env: Record<string, string | undefined>): { url: string; token?: string; tls?: RuntimeClientTls } {
  const caFile = flags.ca ?? env.INTERLOCK_RUNTIME_CA;
  const certFile = env.INTERLOCK_RUNTIME_CLIENT_CERT;
  const keyFile = env.INTERLOCK_RUNTIME_CLIENT_KEY;
  const tls = caFile || certFile ? { ...(caFile ? { caFile } : {}), ...(certFile ? { certFile } : {}), ...(keyFile ? { keyFile } : {}) } : undefined;
  return { url: flags.runtime ?? env.INTERLOCK_RUNTIME_URL ?? DEFAULT_RUNTIME_URL, token: env.INTERLOCK_TOKEN, ...(tls ? { tls } : {}) };
}
