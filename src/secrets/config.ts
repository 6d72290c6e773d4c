import type { VaultConfig } from './vault.js';

/**
 * Vault settings from the runtime's environment: `INTERLOCK_VAULT_ADDR` (or `VAULT_ADDR`), then
 * `INTERLOCK_VAULT_TOKEN` (or `VAULT_TOKEN`), or AppRole `INTERLOCK_VAULT_ROLE_ID` + `INTERLOCK_VAULT_SECRET_ID`
 * (`INTERLOCK_VAULT_APPROLE_MOUNT`, default `approle`); `INTERLOCK_VAULT_NAMESPACE`;
 * `INTERLOCK_VAULT_MOUNTS` (comma-separated KV v2 mounts with a slash in their name).
 * No address: no Vault (and `vault:` references fail clearly). An address without credentials is an error.
 */
export function vaultConfigFromEnv(env: Record<string, string | undefined>): { config?: VaultConfig; error?: string } {
  const address = env.INTERLOCK_VAULT_ADDR ?? env.VAULT_ADDR;
  if (!address) return {};
  if (!/^https?:\/\/[^\s/]+/.test(address)) return { error: `INTERLOCK_VAULT_ADDR must be an http(s) URL, got ${address}` };
  const token = env.INTERLOCK_VAULT_TOKEN ?? env.VAULT_TOKEN;
  const roleId = env.INTERLOCK_VAULT_ROLE_ID;
  const secretId = env.INTERLOCK_VAULT_SECRET_ID;
  if (!token && !(roleId && secretId)) return { error: 'Vault needs INTERLOCK_VAULT_TOKEN, or INTERLOCK_VAULT_ROLE_ID and INTERLOCK_VAULT_SECRET_ID for AppRole' };
  const mounts = env.INTERLOCK_VAULT_MOUNTS?.split(',').map((m) => m.trim().replace(/^\/+|\/+$/g, '')).filter(Boolean);
  return {
    config: {
      address,
      ...(token ? { token } : { appRole: { roleId: roleId!, secretId: secretId!, ...(env.INTERLOCK_VAULT_APPROLE_MOUNT ? { mount: env.INTERLOCK_VAULT_APPROLE_MOUNT } : {}) } }),
      ...(env.INTERLOCK_VAULT_NAMESPACE ? { namespace: env.INTERLOCK_VAULT_NAMESPACE } : {}),
      ...(mounts?.length ? { mounts } : {}),
    },
  };
}
