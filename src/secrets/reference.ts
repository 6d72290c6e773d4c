/**
 * A secret reference as written in a manifest: `env:NAME`, `file:PATH` or `vault:PATH#key`. The workspace
 * holds only references; values are looked up where they are used and never stored.
 */
export type SecretReference =
  | { scheme: 'env'; ref: string; name: string }
  | { scheme: 'file'; ref: string; path: string }
  | { scheme: 'vault'; ref: string; path: string; key: string };

export const SECRET_SCHEMES = ['env', 'file', 'vault'] as const;

/** Parses a reference, or says why it is not one (unknown provider, missing `#key`, empty name). */
export function parseSecretReference(ref: string): { value: SecretReference } | { error: string } {
  const colon = ref.indexOf(':');
  const scheme = colon > 0 ? ref.slice(0, colon) : '';
  const rest = colon > 0 ? ref.slice(colon + 1) : '';
  switch (scheme) {
    case 'env':
      return /^[A-Za-z_][A-Za-z0-9_]*$/.test(rest) ? { value: { scheme, ref, name: rest } } : { error: `env: needs a variable name (env:NAME), got ${JSON.stringify(rest)}` };
    case 'file':
      return rest ? { value: { scheme, ref, path: rest } } : { error: 'file: needs a path (file:/run/secrets/name)' };
    case 'vault': {
      // The key is after the last '#': paths may not contain one, keys may not either.
      const hash = rest.lastIndexOf('#');
      const path = hash > 0 ? rest.slice(0, hash).replace(/^\/+|\/+$/g, '') : '';
      const key = hash > 0 ? rest.slice(hash + 1) : '';
      if (!path || !key) return { error: 'vault: needs a path and a key (vault:MOUNT/PATH#key)' };
      if (path.split('/').some((s) => s === '' || s.endsWith('.'))) return { error: `vault: path ${JSON.stringify(path)} has an empty segment or one ending in "."` };
      return { value: { scheme, ref, path, key } };
    }
    default:
      return { error: `unknown secret provider ${JSON.stringify(scheme || ref)}; use env:NAME, file:PATH or vault:PATH#key` };
  }
}
