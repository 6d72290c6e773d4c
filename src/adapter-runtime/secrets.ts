import { readFile } from 'node:fs/promises';
import { SecretResolutionError } from './errors.js';
import { splitSecretReference } from './secret-reference.js';

/**
 * Secret references are resolved when a request is made, never at generation time. Resolution is one
 * resolver per scheme (`env:`, `file:` built in); a caller adds schemes (e.g. `vault:`) with
 * `secretResolver({ ...DEFAULT_SCHEMES, vault })` and passes the result as the adapter's `secrets`.
 */

/** A secret reference from the workspace: `env:NAME`, `file:PATH` or `vault:PATH#key`. */
export type SecretRef = string;
/** Turns a secret reference into the secret, at call time. Secrets are never written into generated code. */
export type SecretResolver = (ref: SecretRef) => Promise<string>;
/** Resolves the part of a reference after `scheme:` (`ref` is the whole reference, for error messages). */
export type SchemeResolver = (rest: string, ref: SecretRef) => Promise<string>;

/**
 * The one rule for what a secret's text is, shared with the runtime's resolver (src/secrets) so a reference
 * means the same value in a generated adapter and in the runtime: surrounding whitespace (the newline an
 * editor or `echo` adds) is never part of a key, and an empty value is no secret.
 */
export function secretText(raw: string | undefined): string | undefined {
  const value = raw?.trim();
  return value ? value : undefined;
}

/** `env:NAME`: the environment variable. */
export const envScheme: SchemeResolver = async (name, ref) => {
  const value = secretText(process.env[name]);
  if (value === undefined) throw new SecretResolutionError(ref, 'the environment variable is not set or empty');
  return value;
};

/** `file:PATH`: the file's text, trimmed. */
export const fileScheme: SchemeResolver = async (file, ref) => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SecretResolutionError(ref, error instanceof Error ? error.message : String(error));
  }
  const value = secretText(text);
  if (value === undefined) throw new SecretResolutionError(ref, `${file} is empty`);
  return value;
};

/** The schemes the default resolver knows. */
export const DEFAULT_SCHEMES: Readonly<Record<string, SchemeResolver>> = { env: envScheme, file: fileScheme };

/** A resolver that dispatches on the reference's scheme; a known scheme without a resolver (`vault:`) says how to add one. */
export function secretResolver(schemes: Readonly<Record<string, SchemeResolver>> = DEFAULT_SCHEMES): SecretResolver {
  return async (ref) => {
    const { scheme, rest } = splitSecretReference(ref);
    const resolve = Object.prototype.hasOwnProperty.call(schemes, scheme) ? schemes[scheme] : undefined;
    if (resolve) return resolve(rest, ref);
    if (scheme === 'vault') throw new SecretResolutionError(ref, 'vault references need a resolver; pass `secrets` in the adapter options');
    const known = [...new Set([...Object.keys(schemes), 'vault'])].map((s) => `${s}:`);
    throw new SecretResolutionError(ref, `not a secret reference (${known.slice(0, -1).join(', ')} or ${known.at(-1)})`);
  };
}

/** `env:NAME` from the environment, `file:PATH` from disk; `vault:` needs a resolver from the caller. */
export const defaultSecretResolver: SecretResolver = secretResolver();
