import type { AlertRule } from './rule.js';

/**
 * `vendor-spec-drift` (Sev-2): the vendor's published description of the integration's contract changed
 * an operation the integration uses in a breaking way. It stays open while the published description and
 * the committed contract disagree there, and resolves once the contract catches up (the pull request merged
 * and applied) or the vendor reverts.
 */
export const vendorSpecDrift: AlertRule = {
  id: 'vendor-spec-drift',
  evaluate({ integrations }) {
    return integrations.flatMap((i) =>
      i.specDrift.map((d) => ({
        rule: 'vendor-spec-drift',
        dedupeKey: `vendor-spec-drift:${i.name}:${d.contract}`,
        severity: 'sev-2' as const,
        integration: i.name,
        summary: `${i.name}: the vendor's published ${d.contract} changed ${d.findings.map((f) => f.operationId ?? f.where).join(', ')} (${d.findings.length} breaking change${d.findings.length === 1 ? '' : 's'})${d.pullRequest ? `; proposed in ${d.pullRequest.url}` : ''}`,
        data: { contract: d.contract, hash: d.hash, findings: d.findings, ...(d.pullRequest ? { pullRequest: d.pullRequest } : {}) },
      })),
    );
  },
};
