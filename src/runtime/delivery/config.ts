import { createHash } from 'node:crypto';
import { DirectorySource, loadWorkspace } from '../../load/index.js';
import { validateWorkspace } from '../../validate/index.js';
import type { AddressClass } from './address-class.js';
import type { DeliveryConfig } from './model.js';
import { DEFAULT_RETRY_POLICY, parseSchedule } from './retry-schedule.js';
import { configSecretResolver } from './secret-refs.js';
import { vaultConfigFromEnv } from '../../secrets/config.js';
import type { DeliveryServiceOptions } from './service.js';

export interface DeliveryFlags {
  /** `nats://host:port` */
  bus?: string;
}

const ALLOWABLE: AddressClass[] = ['private', 'loopback', 'link-local', 'unique-local', 'ipv4-mapped'];
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * The delivery part of the runtime configuration, and with the runtime config loader the only reader of
 * the environment: `--bus` / `INTERLOCK_BUS_URL`, `INTERLOCK_DELIVERY_SCHEDULE` (`0,5s,5m,30m,2h,5h,10h,10h`),
 * `INTERLOCK_DELIVERY_JITTER` (0.2), `INTERLOCK_DELIVERY_DISABLE_AFTER` (`5d`),
 * `INTERLOCK_DELIVERY_ALLOW_ADDRESSES` (`private,loopback`), `INTERLOCK_DELIVERY_STREAM`. Secret references
 * (`env:NAME`, `file:PATH`, `vault:PATH#key`) resolve against this environment and the Vault it names
 * (`INTERLOCK_VAULT_ADDR`, … see secrets/config.ts) when used, cached for `INTERLOCK_SECRET_TTL` (5m).
 */
export function loadDeliveryOptions(
  flags: DeliveryFlags,
  env: Record<string, string | undefined>,
  workspace?: string,
): { options?: Omit<DeliveryServiceOptions, 'store'>; error?: string } {
  const bus = flags.bus ?? env.INTERLOCK_BUS_URL;
  if (bus !== undefined && !/^nats:\/\/[^\s/]+$/.test(bus)) return { error: `the bus URL must be nats://HOST:PORT, got ${bus}` };
  const vault = vaultConfigFromEnv(env);
  if (vault.error) return { error: vault.error };
  let ttlMs: number | undefined;
  if (env.INTERLOCK_SECRET_TTL) {
    const m = /^(\d+)(ms|s|m|h|d)$/.exec(env.INTERLOCK_SECRET_TTL);
    if (!m) return { error: 'INTERLOCK_SECRET_TTL must be a duration such as 5m or 30s' };
    ttlMs = Number(m[1]) * UNITS[m[2]];
  }
  const config: Partial<DeliveryConfig> = { secrets: configSecretResolver(env, vault.config, ttlMs) };
  let retry = DEFAULT_RETRY_POLICY;
  if (env.INTERLOCK_DELIVERY_SCHEDULE) {
    const delays = parseSchedule(env.INTERLOCK_DELIVERY_SCHEDULE);
    if (!delays) return { error: `INTERLOCK_DELIVERY_SCHEDULE must be a comma-separated list of delays (0,5s,5m,2h), got ${env.INTERLOCK_DELIVERY_SCHEDULE}` };
    retry = { ...retry, delaysMs: delays };
  }
  if (env.INTERLOCK_DELIVERY_JITTER) {
    const jitter = Number(env.INTERLOCK_DELIVERY_JITTER);
    if (!(jitter >= 0 && jitter < 1)) return { error: 'INTERLOCK_DELIVERY_JITTER must be a number from 0 to below 1' };
    retry = { ...retry, jitter };
  }
  config.retry = retry;
  if (env.INTERLOCK_DELIVERY_DISABLE_AFTER) {
    const m = /^(\d+)(ms|s|m|h|d)$/.exec(env.INTERLOCK_DELIVERY_DISABLE_AFTER);
    if (!m) return { error: 'INTERLOCK_DELIVERY_DISABLE_AFTER must be a duration such as 5d or 12h' };
    config.disableAfterMs = Number(m[1]) * UNITS[m[2]];
  }
  if (env.INTERLOCK_DELIVERY_ALLOW_ADDRESSES) {
    const classes = env.INTERLOCK_DELIVERY_ALLOW_ADDRESSES.split(',').map((c) => c.trim());
    const unknown = classes.filter((c) => !ALLOWABLE.includes(c as AddressClass));
    if (unknown.length) return { error: `INTERLOCK_DELIVERY_ALLOW_ADDRESSES: unknown address class ${unknown.join(', ')} (use ${ALLOWABLE.join(', ')})` };
    config.allowAddresses = classes as AddressClass[];
  }
  const isolation = isolationFromEnv(env);
  if ('error' in isolation) return { error: isolation.error };
  return {
    options: {
      config,
      ...(isolation.value ? { isolation: isolation.value } : {}),
      ...(bus ? { bus } : {}),
      ...(env.INTERLOCK_DELIVERY_STREAM ? { stream: env.INTERLOCK_DELIVERY_STREAM } : {}),
      ...(workspace ? { contractDocument: workspaceContractDocuments(workspace) } : {}),
    },
  };
}

/**
 * Each integration's connector runs in its own worker thread unless `INTERLOCK_ISOLATION=off`;
 * `INTERLOCK_CONNECTOR_MEMORY_MB` caps each worker's heap (default 128).
 */
function isolationFromEnv(env: Record<string, string | undefined>): { value: DeliveryServiceOptions['isolation'] } | { error: string } {
  const mode = env.INTERLOCK_ISOLATION ?? 'worker';
  if (mode !== 'worker' && mode !== 'off') return { error: `INTERLOCK_ISOLATION must be worker or off, got ${mode}` };
  if (mode === 'off') return { value: undefined };
  const memory = env.INTERLOCK_CONNECTOR_MEMORY_MB === undefined ? 128 : Number(env.INTERLOCK_CONNECTOR_MEMORY_MB);
  if (!Number.isInteger(memory) || memory < 16) return { error: 'INTERLOCK_CONNECTOR_MEMORY_MB must be a whole number of megabytes, at least 16' };
  return { value: { maxMemoryMb: memory } };
}

/**
 * Inbound payload schemas come from the API descriptions in the workspace the runtime was started in —
 * but only when the file's content hash equals the applied Contract's `contentHash`, so a payload is
 * never checked against a description other than the one applied.
 */
export function workspaceContractDocuments(dir: string): (contract: string, spec: Record<string, unknown>) => Promise<unknown> {
  let model: Promise<Map<string, { doc: unknown; hash: string }>> | undefined;
  const load = async () => {
    const loaded = await loadWorkspace(new DirectorySource(dir));
    const validated = validateWorkspace(loaded.value);
    const out = new Map<string, { doc: unknown; hash: string }>();
    for (const [name, api] of validated.value.apis) {
      // OpenAPI descriptions carry no `text` on the index (only GraphQL does): hash the file as plan does.
      const text = api.text ?? loaded.value.files.get(api.file)?.text;
      if (api.doc && text !== undefined) out.set(name, { doc: api.doc.value, hash: `sha256:${createHash('sha256').update(text).digest('hex')}` });
    }
    return out;
  };
  return async (contract, spec) => {
    model ??= load().catch(() => new Map());
    const found = (await model).get(contract);
    return found && (spec.contentHash === undefined || spec.contentHash === found.hash) ? found.doc : undefined;
  };
}


