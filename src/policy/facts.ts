import type { Integration, Tier, Vendor } from '../core/resources.js';
import type { WorkspaceModel } from '../validate/model.js';
import { integrationFields, type FieldUse } from './fields.js';
import type { EffectivePolicies } from './policies.js';
import { computeTier, maxTier, type TierComputation } from './tier.js';

/** Facts derived once per run and shared by rules (computed lazily, cached). */
export interface WorkspaceFacts {
  /** Every field the integration sends, receives or exports. */
  fieldsOf(integration: Integration): FieldUse[];
  integrationsOf(vendor: Vendor): Integration[];
  /** The tier the vendor's criteria compute. */
  computedTier(vendor: Vendor): TierComputation;
  /** The tier the gate and approvals hold the vendor to: the higher of declared and computed. */
  effectiveTier(vendor: Vendor): Tier;
}

export function workspaceFacts(model: WorkspaceModel, policies: EffectivePolicies): WorkspaceFacts {
  const fields = new Map<string, FieldUse[]>();
  const tiers = new Map<string, TierComputation>();
  const facts: WorkspaceFacts = {
    fieldsOf(integration) {
      let f = fields.get(integration.name);
      if (!f) fields.set(integration.name, (f = integrationFields(model, integration)));
      return f;
    },
    integrationsOf(vendor) {
      return [...model.integrations.values()].filter((i) => i.manifest.spec.vendor === vendor.name);
    },
    computedTier(vendor) {
      let t = tiers.get(vendor.name);
      if (!t) tiers.set(vendor.name, (t = computeTier(model, vendor, facts.integrationsOf(vendor), facts.fieldsOf, policies.risk)));
      return t;
    },
    effectiveTier(vendor) {
      return maxTier(vendor.manifest.spec.riskTier, facts.computedTier(vendor).tier);
    },
  };
  return facts;
}
