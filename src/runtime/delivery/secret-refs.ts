import { readFileSync } from 'node:fs';

/**
 * Secret references (`env:NAME`, `file:PATH`, `vault:PATH#key`) are stored as written and resolved only
 * when a message is signed or verified, so a rotated secret takes effect without a new apply and no
 * resolved secret is ever written to the store.
 */
export type SecretResolver = (ref: string) => string | undefined;

/** Resolves `env:` from the given environment and `file:` from disk; `vault:` needs a resolver of its own. */
export function configSecretResolver(env: Record<string, string | undefined>): SecretResolver {
  return (ref) => {
    if (ref.startsWith('env:')) return env[ref.slice(4)] || undefined;
    if (ref.startsWith('file:')) {
      try {
        return readFileSync(ref.slice(5), 'utf8').trim() || undefined;
      } catch {
        return undefined;
      }
    }
    return undefined;
  };
}
