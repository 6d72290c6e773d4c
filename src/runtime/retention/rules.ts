import type { IntegrationSpec, RetentionPolicySpec, Sensitivity } from '../../core/resources.js';

/** Most to least sensitive: the first one an integration's fields carry picks the policy's limit. */
const BY_RANK: readonly Sensitivity[] = ['restricted', 'confidential', 'internal', 'public'];

export interface RetentionRule {
  integration: string;
  days: number;
  /** Why this many days: the integration's `data.retentionDays`, or the RetentionPolicy's cap for its data. */
  from: 'integration' | 'policy';
}

/**
 * How long the runtime keeps each applied integration's rows: its declared `spec.data.retentionDays`, capped
 * by the strictest applied RetentionPolicy's `maxDays` for the most sensitive field it declares (what CI already
 * checks, applied again here so a policy tightened after an apply still holds); with no retentionDays, that cap
 * alone. An integration with neither keeps its rows: the purge removes only what a declaration says has expired.
 */
export function retentionRules(resources: readonly { kind: string; name: string; spec: unknown }[]): Map<string, RetentionRule> {
  const caps: Partial<Record<Sensitivity, number>> = {};
  for (const r of resources) {
    if (r.kind !== 'RetentionPolicy') continue;
    for (const [s, d] of Object.entries((r.spec as RetentionPolicySpec).maxDays ?? {})) {
      const key = s as Sensitivity;
      if (typeof d === 'number') caps[key] = Math.min(caps[key] ?? Infinity, d);
    }
  }
  const rules = new Map<string, RetentionRule>();
  for (const r of resources) {
    if (r.kind !== 'Integration') continue;
    const data = (r.spec as IntegrationSpec).data;
    const held = new Set(Object.values(data?.fields ?? {}).map((c) => c?.sensitivity));
    const highest = BY_RANK.find((s) => held.has(s));
    const cap = highest ? caps[highest] : undefined;
    const declared = data?.retentionDays;
    if (declared !== undefined && (cap === undefined || declared <= cap)) rules.set(r.name, { integration: r.name, days: declared, from: 'integration' });
    else if (cap !== undefined) rules.set(r.name, { integration: r.name, days: cap, from: 'policy' });
  }
  return rules;
}
