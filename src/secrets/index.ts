export { SecretError, type SecretFailureReason } from './errors.js';
export { parseSecretReference, SECRET_SCHEMES, type SecretReference } from '../adapter-runtime/secret-reference.js';
export { SecretResolver, type SecretResolverOptions } from './resolver.js';
export { VaultKvClient, type VaultConfig } from './vault.js';
export { vaultConfigFromEnv } from './config.js';
