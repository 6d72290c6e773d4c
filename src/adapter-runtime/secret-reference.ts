/**
 * A secret reference as written in a manifest: `env:NAME`, `file:PATH` or `vault:PATH#key`. The workspace
 * holds only references; values are looked up where they are used and never stored.
 */
export type SecretReference =
  | { scheme: 'env'; ref: string; name: string }
  | { scheme: 'file'; ref: string; path: string }
  | { scheme: 'vault'; ref: string; path: string; key: string };

export const SECRET_SCHEMES = ['env', 'file', 'vault'] as const;

/** `scheme:rest`; a reference without a scheme has scheme ''. */
export function splitSecretReference(ref: string): { scheme: string; rest: string } {
  const colon = ref.indexOf(':');
  return colon > 0 ? { scheme: ref.slice(0, colon), rest: ref.slice(colon + 1) } : { scheme: '', rest: '' };
}

/**
 * Parses a reference, or says why it is not one (unknown provider, missing `#key`, empty name). The one
 * grammar of references: generated adapters and the runtime's resolver (src/secrets/) both read it here.
 */
export function parseSecretReference(ref: string): { value: SecretReference } | { error: string } {
  const { scheme, rest } = splitSecretReference(ref);
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
