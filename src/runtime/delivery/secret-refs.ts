import { SecretError, SecretResolver, type VaultConfig } from '../../secrets/index.js';
import type { ConnectorHealth } from '../connectors/health.js';

/**
 * Secret references (`env:NAME`, `file:PATH`, `vault:PATH#key`) are stored as written and resolved only
 * when a message is signed, verified or sent, so a rotated secret takes effect without a new apply and no
 * resolved secret is ever written to the store. A lookup returns the value, `undefined`, or throws a
 * `SecretError` saying why; `invalidate` (when present) drops a cached value after a vendor's 401/403.
 */
export type SecretLookup = ((ref: string) => string | undefined | Promise<string | undefined>) & { invalidate?(ref: string): void };


/** The runtime's resolver: `env:` from the given environment, `file:` from disk, `vault:` from Vault (when configured). */
export function configSecretResolver(env: Record<string, string | undefined>, vault?: VaultConfig, ttlMs?: number): SecretLookup {
  const resolver = new SecretResolver({ env, ...(vault ? { vault } : {}), ...(ttlMs !== undefined ? { ttlMs } : {}) });
  return Object.assign((ref: string) => resolver.resolve(ref), { invalidate: (ref: string) => resolver.invalidate(ref) });
}

/**
 * Resolves a reference on behalf of an integration and keeps its health up to date: a failure marks it
 * unhealthy (logged once, naming the reference, never a value) and is returned as a message.
 */
export async function resolveFor(
  lookup: SecretLookup,
  ref: string,
  integration: string,
  health?: ConnectorHealth,
): Promise<{ ok: true; value: string } | { ok: false; error: string }> {
  let value: string | undefined;
  let error: SecretError | undefined;
  try {
    value = await lookup(ref);
  } catch (e) {
    error = e instanceof SecretError ? e : new SecretError(ref, 'unavailable', (e as Error).message);
  }
  if (value) {
    health?.pass(integration, 'secret', ref);
    return { ok: true, value };
  }
  // Built only on failure: every action call resolves its credentials, and an Error captures a stack.
  error ??= new SecretError(ref, 'not-found', 'no value');
  health?.fail(integration, 'secret', ref, error.reason, error.message);
  return { ok: false, error: `${error.message}` };
}
