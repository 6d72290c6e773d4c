import type { Tier, Vendor } from '../core/resources.js';
import { addMonths, formatDay, parseDay } from './dates.js';
import type { EffectiveRiskPolicy } from './policies.js';
import type { MessageValue } from './rule.js';
import type { Approval } from './approval-check.js';

/** One unmet requirement of a vendor's onboarding gate. */
export interface GateFailure {
  messageId: string;
  pointer: string;
  data: Record<string, MessageValue>;
}

type Attestation = NonNullable<Vendor['manifest']['spec']['attestations']>[number];

/** How long an attestation counts: SOC 2 Type II 12 months after its period (or to its bridge letter), others to validUntil. */
export function attestationCoverage(a: Attestation): Date | undefined {
  // Every "until" date counts through the end of that day.
  const untils: Date[] = [];
  const period = a.periodEnd ? parseDay(a.periodEnd) : undefined;
  if (period) untils.push(addMonths(period, 12));
  for (const until of [a.bridgeLetterUntil, a.validUntil]) {
    const d = until ? parseDay(until) : undefined;
    if (d) untils.push(d);
  }
  const ends = untils.map((d) => new Date(d.getTime() + 86_400_000));
  return ends.length ? new Date(Math.max(...ends.map((d) => d.getTime()))) : undefined;
}

/** When an assessment must be renewed: its expiresAt, else 12 months after completion. */
export function assessmentExpiry(assessment: NonNullable<Vendor['manifest']['spec']['assessment']>): Date | undefined {
  if (assessment.expiresAt) return parseDay(assessment.expiresAt);
  const done = assessment.completedAt ? parseDay(assessment.completedAt) : undefined;
  return done ? addMonths(done, 12) : undefined;
}

const CLAUSE_FIELDS = { encryption: 'encryption', breachNotification: 'breachNotificationHours', auditRights: 'auditRights', subprocessorNotice: 'subprocessorNotice' } as const;

/** What the RiskPolicy's gate for `tier` requires that the vendor does not have, as of `now`. */
export function gateFailures(vendor: Vendor, tier: Tier, risk: EffectiveRiskPolicy, now: Date, counts: (approval: Approval) => boolean): GateFailure[] {
  const gate = risk.gates[tier] ?? {};
  const spec = vendor.manifest.spec;
  const out: GateFailure[] = [];
  const fail = (messageId: string, pointer: string, data: Record<string, MessageValue> = {}) => out.push({ messageId, pointer, data: { vendor: vendor.name, tier, ...data } });

  if (gate.assessment) {
    const a = spec.assessment;
    if (!a) fail('assessmentMissing', '/spec/riskTier');
    else if (a.status !== 'approved') fail('assessmentNotApproved', '/spec/assessment/status', { status: a.status });
    else {
      const missing = (['reviewer', 'completedAt'] as const).filter((k) => !a[k]);
      if (missing.length) fail('assessmentIncomplete', '/spec/assessment', { missing: missing.join(', ') });
      const expiry = assessmentExpiry(a);
      if (expiry && now.getTime() >= expiry.getTime()) fail('assessmentExpired', a.expiresAt ? '/spec/assessment/expiresAt' : '/spec/assessment/completedAt', { expired: formatDay(expiry) });
    }
  }

  const accepted = gate.attestation ?? [];
  if (accepted.length) {
    const candidates = (spec.attestations ?? []).map((a, n) => ({ a, n })).filter(({ a }) => accepted.includes(a.type));
    const current = candidates.some(({ a }) => {
      const until = attestationCoverage(a);
      return until !== undefined && now.getTime() < until.getTime();
    });
    if (!current) {
      if (candidates.length === 0) fail('attestationMissing', spec.attestations ? '/spec/attestations' : '/spec/riskTier', { accepted: accepted.join(', ') });
      else {
        const latest = candidates.map(({ a, n }) => ({ a, n, until: attestationCoverage(a) })).sort((x, y) => (y.until?.getTime() ?? 0) - (x.until?.getTime() ?? 0))[0];
        fail('attestationExpired', `/spec/attestations/${latest.n}`, { type: latest.a.type, until: latest.until ? formatDay(new Date(latest.until.getTime() - 1)) : 'unknown' });
      }
    }
  }

  const required = gate.contract;
  if (required) {
    const c = spec.contract;
    if (required.countersigned && !c?.countersigned) fail('contractNotCountersigned', c ? '/spec/contract/countersigned' : '/spec/riskTier');
    if (required.dpa && !c?.dpa) fail('dpaMissing', c ? '/spec/contract' : '/spec/riskTier');
    for (const clause of required.clauses ?? []) {
      const field = CLAUSE_FIELDS[clause];
      const value = c?.clauses?.[field];
      if (value === undefined || value === false) {
        fail('clauseMissing', c?.clauses ? '/spec/contract/clauses' : c ? '/spec/contract' : '/spec/riskTier', { clause });
      } else if (clause === 'breachNotification' && typeof value === 'number' && value > risk.breachNotificationMaxHours) {
        fail('breachNotificationTooLong', '/spec/contract/clauses/breachNotificationHours', { hours: value, max: risk.breachNotificationMaxHours });
      }
    }
  }

  const approvals = gate.approvals;
  if (approvals) {
    // Only approvals the approvals rule accepts count (right role for the tier, not self-approved, tier covered).
    const valid = (spec.approvals ?? []).filter(counts);
    const approvers = new Set(valid.map((a) => a.by.toLowerCase()));
    const min = approvals.min ?? 0;
    const pointer = spec.approvals ? '/spec/approvals' : '/spec/riskTier';
    if (approvers.size < min) fail('approvalsMissing', pointer, { required: min, found: approvers.size });
    const roles = approvals.roles ?? [];
    if (roles.length && !valid.some((a) => roles.includes(a.role))) fail('approvalRoleMissing', pointer, { roles: roles.join(', ') });
  }
  return out;
}
