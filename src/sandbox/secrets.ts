import { createHmac, randomBytes } from 'node:crypto';
import { parseSecretReference, SecretError } from '../secrets/index.js';
import type { SecretLookup } from '../runtime/delivery/secret-refs.js';

/** Every value the sandbox makes up starts with these bytes (base64-decode a value to see them). */
export const SANDBOX_SECRET_MARK = 'interlock-sandbox:';

/**
 * The sandbox's secret provider: every well-formed reference (`env:`, `file:`, `vault:`) resolves to a
 * throw-away value made up for this run — never the real secret, never read from the environment, disk
 * or Vault — so signing and authentication work against the mocks without credentials. A value is
 * `whsec_` + base64 of the mark and an HMAC of the reference under a per-run key: usable as a Standard
 * Webhooks secret and as a bearer token, the same for one reference within a run, different in the next.
 * Only `startSandbox` installs it; the runtime started any other way resolves references for real.
 */
export function sandboxSecrets(key: Buffer = randomBytes(32)): SecretLookup {
  return (ref: string) => {
    const parsed = parseSecretReference(ref);
    if ('error' in parsed) throw new SecretError(ref, 'invalid-reference', parsed.error);
    const made = Buffer.concat([Buffer.from(SANDBOX_SECRET_MARK), createHmac('sha256', key).update(ref).digest()]);
    return `whsec_${made.toString('base64')}`;
  };
}
