import { appendPointer } from '../../core/pointer.js';
import type { Resource } from '../../core/resources.js';
import { daysBetween, formatDay, parseDay } from '../dates.js';
import { assessmentExpiry, attestationCoverage } from '../gate.js';
import type { Rule } from '../rule.js';

const VENDOR = (expiresAt: string) => `apiVersion: interlock.dev/v1
kind: Vendor
metadata: { name: acme }
spec:
  legalName: Acme, Inc.
  riskTier: medium
  criteria: { dataSensitivity: internal, accessLevel: write, criticality: low }
  dataLocations: [eu-central]
  assessment: { questionnaire: sig-lite, status: approved, reviewer: jonas-berg, completedAt: '2025-06-20', expiresAt: '${expiresAt}' }
  contract: { countersigned: true, clauses: { encryption: true, breachNotificationHours: 48, auditRights: true } }
`;

export const expiryWarning: Rule = {
  meta: {
    id: 'expiry-warning',
    description: "Assessments, attestations and waivers that expire within the RiskPolicy's notice period are flagged, so renewals start before the gate closes.",
    defaultSeverity: 'warning',
    messages: {
      assessmentExpiring: "Vendor '{{vendor}}': the security assessment expires on {{date}}, in {{days}} day(s)",
      attestationExpiring: "Vendor '{{vendor}}': the {{type}} attestation stops counting after {{date}}, in {{days}} day(s)",
      waiverExpiring: "Waiver '{{waiver}}' of rule '{{rule}}' for {{target}} expires on {{date}}, in {{days}} day(s)",
    },
    docs: {
      details: `The notice period is the RiskPolicy's \`noticeDays\` (60 by default). An assessment expires on its \`expiresAt\`
(or 12 months after \`completedAt\`); a SOC 2 Type II report stops counting 12 months after its \`periodEnd\` or at
its \`bridgeLetterUntil\`; a certificate at its \`validUntil\`. An attestation is not flagged while another of the same
type covers beyond the notice period. What has already expired is the onboarding gate's business.`,
      failing: { 'integrations/acme/vendor.yaml': VENDOR('2026-06-20') },
      passing: { 'integrations/acme/vendor.yaml': VENDOR('2027-06-20') },
    },
  },
  check(context) {
    const notice = context.policies.risk.noticeDays;
    const now = context.now;
    const within = (until: Date) => until.getTime() > now.getTime() && daysBetween(now, until) <= notice;
    for (const vendor of context.model.vendors.values()) {
      const spec = vendor.manifest.spec;
      const a = spec.assessment;
      const expiry = a && a.status === 'approved' ? assessmentExpiry(a) : undefined;
      if (expiry && within(expiry)) {
        context.report({
          resource: vendor,
          pointer: a?.expiresAt ? '/spec/assessment/expiresAt' : '/spec/assessment',
          messageId: 'assessmentExpiring',
          data: { vendor: vendor.name, date: formatDay(expiry), days: daysBetween(now, expiry) },
        });
      }
      const attestations = spec.attestations ?? [];
      attestations.forEach((att, n) => {
        const until = attestationCoverage(att);
        if (!until || !within(until)) return;
        const renewed = attestations.some((other) => {
          const o = other !== att && other.type === att.type ? attestationCoverage(other) : undefined;
          return o !== undefined && daysBetween(now, o) > notice;
        });
        if (renewed) return;
        const last = new Date(until.getTime() - 1);
        context.report({
          resource: vendor,
          pointer: appendPointer('/spec/attestations', n),
          messageId: 'attestationExpiring',
          data: { vendor: vendor.name, type: att.type, date: formatDay(last), days: daysBetween(now, until) },
        });
      });
    }
    for (const p of context.model.policies) {
      if (p.kind !== 'Waiver') continue;
      const w = (p as Resource<'Waiver'>).manifest.spec;
      const expires = parseDay(w.expires);
      if (!expires || !within(expires)) continue;
      context.report({
        resource: p,
        pointer: '/spec/expires',
        messageId: 'waiverExpiring',
        data: { waiver: p.name, rule: w.rule, target: w.resource, date: formatDay(expires), days: daysBetween(now, expires) },
      });
    }
  },
};
