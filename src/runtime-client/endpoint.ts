/** Where a runtime listens unless told otherwise (`interlock runtime start` without flags). */
export const DEFAULT_RUNTIME_URL = 'http://127.0.0.1:7300';

/** Where CLI commands find a running runtime, and the token they present. */
export function runtimeEndpoint(flags: { runtime?: string }, env: Record<string, string | undefined>): { url: string; token?: string } {
  return { url: flags.runtime ?? env.INTERLOCK_RUNTIME_URL ?? DEFAULT_RUNTIME_URL, token: env.INTERLOCK_TOKEN };
}
