import type { SecureContextOptions, TlsOptions } from 'node:tls';
import type { SecretLookup } from './delivery/secret-refs.js';

/** The runtime listener's TLS material, as secret references (`env:`, `file:`, `vault:`). */
export interface RuntimeTlsConfig {
  /** PEM certificate (chain) of the listener. */
  cert: string;
  /** PEM private key of the listener. */
  key: string;
  /** PEM CA certificate(s) that client certificates must chain to; set: mutual TLS is required. */
  clientCa?: string;
}

/** The oldest protocol the listener speaks (the seeds require TLS ≥ 1.2 for all ingress). */
export const TLS_MIN_VERSION = 'TLSv1.2';

/** Thrown when a TLS reference cannot be resolved; names the reference, never a value. */
export class TlsMaterialError extends Error {
  constructor(
    readonly field: 'cert' | 'key' | 'clientCa',
    readonly ref: string,
    reason: string,
  ) {
    super(`TLS ${field === 'clientCa' ? 'client CA' : field} ${ref}: ${reason}`);
    this.name = 'TlsMaterialError';
  }
}

async function resolve(lookup: SecretLookup, field: 'cert' | 'key' | 'clientCa', ref: string): Promise<string> {
  let value: string | undefined;
  try {
    value = await lookup(ref);
  } catch (error) {
    throw new TlsMaterialError(field, ref, (error as Error).message);
  }
  if (!value) throw new TlsMaterialError(field, ref, 'no value');
  // A PEM block kept in an environment variable or Vault field often has its newlines escaped.
  const pem = value.includes('\\n') && !value.includes('\n') ? value.replaceAll('\\n', '\n') : value;
  if (!pem.includes('-----BEGIN ')) throw new TlsMaterialError(field, ref, 'not a PEM document');
  return pem;
}

/**
 * The options of the HTTPS listener: certificate and key resolved from their references, TLS 1.2 at
 * least, and with a client CA, mutual TLS (a client without a certificate that chains to it is refused
 * during the handshake, before any HTTP is read).
 */
export async function tlsServerOptions(config: RuntimeTlsConfig, lookup: SecretLookup): Promise<TlsOptions & SecureContextOptions> {
  const [cert, key, ca] = await Promise.all([
    resolve(lookup, 'cert', config.cert),
    resolve(lookup, 'key', config.key),
    config.clientCa ? resolve(lookup, 'clientCa', config.clientCa) : Promise.resolve(undefined),
  ]);
  return { cert, key, minVersion: TLS_MIN_VERSION, ...(ca ? { ca, requestCert: true, rejectUnauthorized: true } : {}) };
}
