import { approvalProblems, type Approval } from '../approval-check.js';
import { gateFailures } from '../gate.js';
import type { Rule } from '../rule.js';

const BASE_VENDOR = `apiVersion: interlock.dev/v1
kind: Vendor
metadata: { name: acme }
spec:
  legalName: Acme, Inc.
  riskTier: high
  criteria: { dataSensitivity: confidential, accessLevel: write, criticality: high }
  dataLocations: [eu-central]
  assessment: { questionnaire: sig-core, status: approved, reviewer: jonas-berg, completedAt: '2026-01-15', expiresAt: '2027-01-15' }
  contract: { countersigned: true, clauses: { encryption: true, breachNotificationHours: 48, auditRights: true } }
  approvals:
    - { by: maria-lopez, role: vendor-risk, at: '2026-01-25T10:00:00Z' }
`;

export const onboardingGate: Rule = {
  meta: {
    id: 'onboarding-gate',
    description: "A vendor meets its tier's onboarding gate before any of its integrations is enabled.",
    defaultSeverity: 'error',
    messages: {
      assessmentMissing: "Vendor '{{vendor}}' ({{tier}} tier) needs an approved security assessment",
      assessmentNotApproved: "Vendor '{{vendor}}' ({{tier}} tier): the assessment is {{status}}, not approved",
      assessmentIncomplete: "Vendor '{{vendor}}' ({{tier}} tier): the approved assessment lacks {{missing}}",
      assessmentExpired: "Vendor '{{vendor}}' ({{tier}} tier): the assessment expired on {{expired}}",
      attestationMissing: "Vendor '{{vendor}}' ({{tier}} tier) needs a current attestation: one of {{accepted}}",
      attestationExpired: "Vendor '{{vendor}}' ({{tier}} tier): the {{type}} attestation stopped counting after {{until}}",
      contractNotCountersigned: "Vendor '{{vendor}}' ({{tier}} tier) needs a countersigned contract",
      dpaMissing: "Vendor '{{vendor}}' ({{tier}} tier) needs a data processing agreement in its contract",
      clauseMissing: "Vendor '{{vendor}}' ({{tier}} tier): the contract lacks the {{clause}} clause",
      breachNotificationTooLong: "Vendor '{{vendor}}' ({{tier}} tier): breach notification within {{hours}} hours exceeds the policy's {{max}}",
      approvalsMissing: "Vendor '{{vendor}}' ({{tier}} tier) needs {{required}} onboarding approval(s) from distinct people, has {{found}}",
      approvalRoleMissing: "Vendor '{{vendor}}' ({{tier}} tier) needs an onboarding approval by one of the roles {{roles}}",
      integrationEnabled: "Integration '{{integration}}' is enabled, but its vendor '{{vendor}}' fails its {{tier}} onboarding gate ({{failures}})",
    },
    docs: {
      details: `The RiskPolicy's \`gates\` say what each tier needs; the vendor is held to the higher of its declared and
computed tier. A gate may require:

- an **assessment** with status \`approved\`, a \`reviewer\` and \`completedAt\`, not past \`expiresAt\`
  (without one, 12 months after completion);
- a current **attestation** of one of the listed types: a SOC 2 Type II report counts until 12 months after its
  \`periodEnd\`, or until its \`bridgeLetterUntil\`; an ISO 27001 (or other) certificate until its \`validUntil\`;
- a **contract** that is countersigned, with a DPA, and with the listed clauses — \`breachNotification\` must
  promise notice within the RiskPolicy's \`breachNotificationMaxHours\`;
- **approvals** from at least \`min\` distinct people, one of them in one of \`roles\`; only approvals the
  approvals rule accepts count (a role the person holds and that may approve the tier, not the change's author,
  not given for a lower tier).

A vendor that fails its gate may be onboarded step by step: the findings appear as soon as one of its
integrations is enabled (\`enabled\` defaults to true), on the vendor for each unmet requirement and on each
enabled integration. A waiver of this rule for the vendor also covers its integrations.`,
      failing: {
        'integrations/acme/vendor.yaml': BASE_VENDOR.replace("status: approved", "status: in-progress").replace(
          "contract: { countersigned: true,",
          'contract: { countersigned: false,',
        ),
        'integrations/acme/ticket-sync.yaml': `apiVersion: interlock.dev/v1
kind: Integration
metadata: { name: ticket-sync }
spec:
  vendor: acme
  enabled: true
  contract: { ref: acme-tickets }
  direction: outbound
  endpoint: { baseUrl: 'https://api.acme.example' }
  auth: { type: apiKey, name: X-Api-Key, value: 'env:ACME_KEY' }
  uses: [createTicket]
  data: { region: eu-central, subjects: [eu], retentionDays: 365 }
`,
      },
      passing: {
        'integrations/acme/vendor.yaml': BASE_VENDOR.replace(
          '  approvals:',
          `  attestations:
    - { type: soc2-type2, periodEnd: '2025-12-31', evidence: 'https://trust.acme.example/soc2' }
  approvals:`,
        ),
      },
    },
  },
  check(context) {
    for (const vendor of context.model.vendors.values()) {
      const enabled = context.facts.integrationsOf(vendor).filter((i) => i.manifest.spec.enabled !== false);
      if (enabled.length === 0) continue;
      const tier = context.facts.effectiveTier(vendor);
      const counts = (a: Approval) => approvalProblems(a, tier, context.now, context.access, context.author).length === 0;
      const failures = gateFailures(vendor, tier, context.policies.risk, context.now, counts);
      if (failures.length === 0) continue;
      for (const f of failures) context.report({ resource: vendor, pointer: f.pointer, messageId: f.messageId, data: f.data });
      for (const integration of enabled) {
        context.report({
          resource: integration,
          pointer: integration.manifest.spec.enabled === undefined ? '/spec/vendor' : '/spec/enabled',
          messageId: 'integrationEnabled',
          data: { integration: integration.name, vendor: vendor.name, tier, failures: [...new Set(failures.map((f) => f.messageId))].join(', ') },
          alsoWaivedBy: [vendor.id],
        });
      }
    }
  },
};
