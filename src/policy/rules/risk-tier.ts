import type { Rule } from '../rule.js';
import { describeComputation } from '../tier.js';
import { tierRank } from '../policies.js';

export const riskTier: Rule = {
  meta: {
    id: 'risk-tier',
    description: "A vendor's declared risk tier is at least the tier its criteria compute.",
    defaultSeverity: 'error',
    messages: {
      tierBelowComputed: "Vendor '{{vendor}}' declares risk tier {{declared}}, but its criteria compute {{computed}}: {{computation}}",
    },
    docs: {
      details: `The tier is computed from points the RiskPolicy's \`scoring\` gives each criterion, summed and compared
with its \`thresholds\`:

- **data sensitivity**: the higher of \`criteria.dataSensitivity\` and the highest classification of any field the
  vendor's integrations send, receive or export (the contract's \`x-classification\`, the integration's
  \`data.fields\`, and the data contracts it exports);
- **access level**: \`criteria.accessLevel\` (read, write, admin, bulk-export);
- **criticality**: \`criteria.criticality\`;
- **cross-border**: points when one of the vendor's \`dataLocations\` lies outside the jurisdictions of the data
  subjects its integrations declare.

A declared tier above the computed one is fine (a reviewer may know more); below it is an error whose data
carries the whole computation (\`score\`, \`parts\`, \`thresholds\`). The onboarding gate and approvals hold the
vendor to the higher of the two tiers.`,
      failing: {
        'integrations/acme/ticket-sync.yaml': `apiVersion: interlock.dev/v1
kind: Integration
metadata: { name: ticket-sync }
spec:
  vendor: acme
  contract: { ref: acme-tickets }
  direction: outbound
  endpoint: { baseUrl: 'https://api.acme.example' }
  auth: { type: apiKey, name: X-Api-Key, value: 'env:ACME_KEY' }
  uses: [createTicket]
  data:
    region: eu-central
    subjects: [eu]
    retentionDays: 365
    fields:
      # restricted data raises the vendor above its declared medium tier
      Ticket.title: { sensitivity: restricted, pii: health }
`,
      },
      passing: {
        'integrations/acme/vendor.yaml': `apiVersion: interlock.dev/v1
kind: Vendor
metadata: { name: acme }
spec:
  legalName: Acme, Inc.
  riskTier: medium
  criteria: { dataSensitivity: internal, accessLevel: write, criticality: low }
  dataLocations: [eu-central]
  assessment: { questionnaire: sig-lite, status: approved, reviewer: jonas-berg, completedAt: '2026-01-15', expiresAt: '2027-01-15' }
  contract: { countersigned: true, clauses: { encryption: true, breachNotificationHours: 48, auditRights: true } }
`,
      },
    },
  },
  check(context) {
    for (const vendor of context.model.vendors.values()) {
      const declared = vendor.manifest.spec.riskTier;
      const computation = context.facts.computedTier(vendor);
      if (tierRank(declared) >= tierRank(computation.tier)) continue;
      context.report({
        resource: vendor,
        pointer: '/spec/riskTier',
        messageId: 'tierBelowComputed',
        data: { vendor: vendor.name, declared, computed: computation.tier, score: computation.score, computation: describeComputation(computation) },
        details: { parts: computation.parts, thresholds: computation.thresholds },
      });
    }
  },
};
