import type { AccessControl } from '../access/enforcer.js';
import { APPROVAL_REQUIRED } from '../access/enforcer.js';
import type { Queryable } from '../store/database.js';
import type { Store } from '../store/store.js';
import type { ReplayParams } from './model.js';

const TIER_ORDER = ['critical', 'high', 'medium', 'low'];

/** The declared risk tier of an integration's vendor in the applied state (`Vendor.spec.riskTier`). */
export async function vendorTierOf(store: Store, integration: string): Promise<string | null> {
  const spec = (await store.resource('Integration', integration))?.spec;
  const vendor = typeof spec?.vendor === 'string' ? await store.resource('Vendor', spec.vendor) : null;
  return typeof vendor?.spec.riskTier === 'string' ? vendor.spec.riskTier : null;
}

/** The integrations a replay would touch: the delivery's, or those with dead letters in the selection. */
export async function replayIntegrations(db: Queryable, params: ReplayParams): Promise<string[]> {
  if ('id' in params) return (await db.query<{ integration: string }>('SELECT integration FROM deliveries WHERE id = $1', [params.id])).map((r) => r.integration);
  if (params.integration) return [params.integration];
  const rows = await db.query<{ integration: string }>("SELECT DISTINCT integration FROM deliveries WHERE status = 'dead' AND created_at >= $1::timestamptz", [params.since]);
  return rows.map((r) => r.integration).sort();
}

/**
 * The highest tier among the integrations' vendors for which the access policy marks `action` as
 * needing approval (`p, approval-required, tier:<tier>, <action>`), or null when it may run at once.
 */
export async function tierNeedingApproval(store: Store, access: AccessControl, integrations: readonly string[], action: string): Promise<string | null> {
  const tiers = new Set<string>();
  for (const i of integrations) {
    const tier = await vendorTierOf(store, i);
    if (tier && access.allows(APPROVAL_REQUIRED, { object: `tier:${tier}`, action })) tiers.add(tier);
  }
  return TIER_ORDER.find((t) => tiers.has(t)) ?? [...tiers].sort()[0] ?? null;
}
