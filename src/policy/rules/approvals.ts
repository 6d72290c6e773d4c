import { appendPointer } from '../../core/pointer.js';
import type { Rule } from '../rule.js';
import { approvalProblems } from '../approval-check.js';

const VENDOR = (approval: string) => `apiVersion: interlock.dev/v1
kind: Vendor
metadata: { name: acme }
spec:
  legalName: Acme, Inc.
  riskTier: medium
  criteria: { dataSensitivity: internal, accessLevel: write, criticality: low }
  dataLocations: [eu-central]
  assessment: { questionnaire: sig-lite, status: approved, reviewer: jonas-berg, completedAt: '2026-01-15', expiresAt: '2027-01-15' }
  contract: { countersigned: true, clauses: { encryption: true, breachNotificationHours: 48, auditRights: true } }
  approvals:
    - ${approval}
`;

export const approvals: Rule = {
  meta: {
    id: 'approvals',
    description: "Every onboarding approval comes from a person who holds the role it names, and that role may approve the vendor's tier.",
    defaultSeverity: 'error',
    messages: {
      noAccessModel: "Vendor '{{vendor}}' has onboarding approvals, but the workspace has no access model (policies/access.conf and policies/access.csv) to check them against",
      roleNotHeld: "'{{by}}' approved vendor '{{vendor}}' as {{role}}, but does not hold that role (roles: {{roles}})",
      roleCannotApprove: "Role {{role}} may not approve a {{tier}}-tier vendor ('{{by}}' approved '{{vendor}}')",
      tierNotCovered: "'{{by}}' approved vendor '{{vendor}}' for tier {{approvedTier}}, which does not cover its {{tier}} tier",
      selfApproval: "'{{by}}' approved vendor '{{vendor}}' in a change they authored",
      approvalInFuture: "'{{by}}' approved vendor '{{vendor}}' at {{at}}, which is later than now",
      duplicateApproval: "'{{by}}' approved vendor '{{vendor}}' more than once",
      // Reported by `interlock check --verify-approvals github` (src/github/approvals.ts), not by check().
      noApprovingReview: "Approval of vendor '{{vendor}}' by '{{by}}' ({{role}}) is not backed by an approving review on pull request #{{pull}}: '{{by}}' {{why}}",
    },
    docs: {
      details: `Each entry of a vendor's \`approvals\` names who (\`by\`, a GitHub login), in which review role (\`role\`) and
when (\`at\`). The Casbin model and policy in \`policies/access.conf\` and \`policies/access.csv\` decide:

- the login must hold the role (\`g, <login>, <role>\` in access.csv, directly or through another role);
- the role and the login must be allowed \`approve\` on \`tier:<tier>\`, where the tier is the higher of the
  vendor's declared and computed tier;
- an approval that names a \`tier\` must name at least that tier, and its \`at\` may not lie in the future;
- nobody approves their own change: with \`--author LOGIN\` (CI passes the pull request's author), an approval by
  that login is an error;
- in CI, \`interlock check --verify-approvals github\` also checks that every approval added in the pull request is
  backed by an approving review from that GitHub user.

How many approvals, and from which roles, a tier needs is part of the onboarding gate.`,
      failing: {
        'integrations/acme/vendor.yaml': VENDOR("{ by: li-wei, role: engineering-manager, at: '2026-01-25T10:00:00Z' }"),
      },
      passing: {
        'integrations/acme/vendor.yaml': VENDOR("{ by: maria-lopez, role: vendor-risk, at: '2026-01-25T10:00:00Z' }"),
      },
    },
  },
  check(context) {
    for (const vendor of context.model.vendors.values()) {
      const list = vendor.manifest.spec.approvals ?? [];
      if (list.length === 0) continue;
      const access = context.access;
      if (!access) {
        context.report({ resource: vendor, pointer: '/spec/approvals', messageId: 'noAccessModel', data: { vendor: vendor.name } });
        continue;
      }
      const tier = context.facts.effectiveTier(vendor);
      const seen = new Set<string>();
      list.forEach((approval, n) => {
        const at = appendPointer('/spec/approvals', n);
        const base = { vendor: vendor.name, by: approval.by, role: approval.role, tier };
        if (seen.has(approval.by.toLowerCase())) context.report({ resource: vendor, pointer: appendPointer(at, 'by'), messageId: 'duplicateApproval', data: base });
        seen.add(approval.by.toLowerCase());
        for (const p of approvalProblems(approval, tier, context.now, access, context.author)) {
          context.report({ resource: vendor, pointer: appendPointer(at, p.field), messageId: p.messageId, data: { ...base, ...p.data } });
        }
      });
    }
  },
};
