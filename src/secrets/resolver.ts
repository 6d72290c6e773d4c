import { readFile } from 'node:fs/promises';
import { SecretError } from './errors.js';
import { parseSecretReference, type SecretReference } from '../adapter-runtime/secret-reference.js';
import { secretText } from '../adapter-runtime/secrets.js';
import { VaultKvClient, type VaultConfig } from './vault.js';

export interface SecretResolverOptions {
  /** The environment `env:` references read (the runtime passes its own). */
  env?: Record<string, string | undefined>;
  /** Absent: `vault:` references fail with a clear `not-configured` error. */
  vault?: VaultConfig | VaultKvClient;
  /** How long a resolved value is reused (default 5 min); 0 resolves on every use. */
  ttlMs?: number;
  now?: () => number;
}

interface Cached {
  value: string;
  expiresAt: number;
}

/**
 * Resolves `env:`, `file:` and `vault:` references, one provider per scheme. Values are kept in memory
 * for `ttlMs`, so a rotated secret is picked up within that time, and at once after `invalidate` (callers
 * invalidate when a vendor answers 401/403). Concurrent lookups of one Vault path share one request.
 * Failures are `SecretError`s that name the reference and never a value.
 */
export class SecretResolver {
  private readonly cache = new Map<string, Cached>();
  private readonly inflight = new Map<string, Promise<Record<string, unknown>>>();
  private readonly vault: VaultKvClient | null;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(private readonly options: SecretResolverOptions = {}) {
    this.vault = options.vault instanceof VaultKvClient ? options.vault : options.vault ? new VaultKvClient(options.vault) : null;
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The value of a reference, or throws a `SecretError`. */
  async resolve(ref: string): Promise<string> {
    const hit = this.cache.get(ref);
    if (hit && hit.expiresAt > this.now()) return hit.value;
    const parsed = parseSecretReference(ref);
    if ('error' in parsed) throw new SecretError(ref, 'invalid-reference', parsed.error);
    const value = await this.lookup(parsed.value);
    if (this.ttlMs > 0) this.cache.set(ref, { value, expiresAt: this.now() + this.ttlMs });
    return value;
  }

  /** Forgets a cached value so the next use reads it again (after a 401/403 from the vendor). */
  invalidate(ref: string): void {
    this.cache.delete(ref);
  }

  private async lookup(ref: SecretReference): Promise<string> {
    switch (ref.scheme) {
      case 'env': {
        const value = secretText(this.options.env?.[ref.name]);
        if (!value) throw new SecretError(ref.ref, 'not-found', `environment variable ${ref.name} is not set or empty`);
        return value;
      }
      case 'file': {
        let text: string;
        try {
          text = await readFile(ref.path, 'utf8');
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          throw new SecretError(ref.ref, code === 'ENOENT' ? 'not-found' : 'unreadable', `cannot read ${ref.path} (${code ?? 'error'})`);
        }
        const value = secretText(text);
        if (!value) throw new SecretError(ref.ref, 'not-found', `${ref.path} is empty`);
        return value;
      }
      case 'vault': {
        if (!this.vault) throw new SecretError(ref.ref, 'not-configured', 'no Vault is configured (set INTERLOCK_VAULT_ADDR and a token or AppRole)');
        let pending = this.inflight.get(ref.path);
        if (!pending) {
          const vault = this.vault;
          pending = vault.read(ref.ref, ref.path).finally(() => this.inflight.delete(ref.path));
          this.inflight.set(ref.path, pending);
        }
        const data = await pending.catch((error: unknown) => {
          // A shared request failed: name this caller's reference, not the first caller's.
          if (error instanceof SecretError && error.reference !== ref.ref) throw new SecretError(ref.ref, error.reason, error.message.slice(error.message.indexOf(': ') + 2));
          throw error;
        });
        const value = data[ref.key];
        if (value === undefined) throw new SecretError(ref.ref, 'missing-key', `the secret at ${ref.path} has no key ${JSON.stringify(ref.key)} (keys: ${Object.keys(data).sort().join(', ') || 'none'})`);
        if (typeof value !== 'string' || !value) throw new SecretError(ref.ref, 'unreadable', `key ${JSON.stringify(ref.key)} at ${ref.path} is not a non-empty string`);
        return value;
      }
    }
  }
}
