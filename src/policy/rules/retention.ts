import type { Sensitivity } from '../../core/resources.js';
import { heldFields } from '../fields.js';
import type { Rule } from '../rule.js';
import { sensitivityRank } from '../policies.js';

const INTEGRATION = (data: string) => `apiVersion: interlock.dev/v1
kind: Integration
metadata: { name: ticket-sync }
spec:
  vendor: acme
  contract: { ref: acme-tickets }
  direction: outbound
  endpoint: { baseUrl: 'https://api.acme.example' }
  auth: { type: apiKey, name: X-Api-Key, value: 'env:ACME_KEY' }
  uses: [createTicket]
  data: ${data}
`;

export const retention: Rule = {
  meta: {
    id: 'retention',
    description: 'Declared retention is within the maximum the RetentionPolicy sets for the highest classification involved, and personal data declares one.',
    defaultSeverity: 'error',
    messages: {
      retentionTooLong: "Integration '{{integration}}' keeps data {{days}} days; {{sensitivity}} data (field {{field}}) may be kept at most {{max}}",
      personalDataWithoutRetention: "Integration '{{integration}}' moves personal data (field {{field}}, {{pii}}) but declares no data.retentionDays",
    },
    docs: {
      details: `Retention is about data held by the vendor or the destination: the fields the integration sends (request
bodies), exports or streams (data contracts), and those named in its \`data.fields\` — not what it only reads back
in responses. The highest sensitivity among them (see the classification rule for how fields are found) picks the limit from the RetentionPolicy's \`maxDays\`; \`data.retentionDays\` must not exceed it. When any
field carries a PII category and the policy's \`personalDataRequiresRetention\` is on (the default), a retention must
be declared. Without a RetentionPolicy, the limits are public 3650, internal 1095, confidential 730 and restricted 365
days.`,
      failing: { 'integrations/acme/ticket-sync.yaml': INTEGRATION('{ region: eu-central, subjects: [eu], retentionDays: 2000 }') },
      passing: { 'integrations/acme/ticket-sync.yaml': INTEGRATION('{ region: eu-central, subjects: [eu], retentionDays: 365 }') },
    },
  },
  check(context) {
    const policy = context.policies.retention;
    for (const integration of context.model.integrations.values()) {
      const fields = heldFields(context.facts.fieldsOf(integration));
      let highest: { sensitivity: Sensitivity; field: string } | undefined;
      for (const f of fields) {
        const s = f.classification?.sensitivity;
        if (s && (!highest || sensitivityRank(s) > sensitivityRank(highest.sensitivity))) highest = { sensitivity: s, field: f.path };
      }
      const days = integration.manifest.spec.data?.retentionDays;
      if (days !== undefined && highest) {
        const max = policy.maxDays[highest.sensitivity];
        if (max !== undefined && days > max) {
          context.report({
            resource: integration,
            pointer: '/spec/data/retentionDays',
            messageId: 'retentionTooLong',
            data: { integration: integration.name, days, max, sensitivity: highest.sensitivity, field: highest.field },
          });
        }
      }
      const personal = fields.find((f) => f.classification?.pii);
      if (days === undefined && personal && policy.personalDataRequiresRetention) {
        context.report({
          resource: integration,
          pointer: integration.manifest.spec.data ? '/spec/data' : '/spec',
          messageId: 'personalDataWithoutRetention',
          data: { integration: integration.name, field: personal.path, pii: String(personal.classification?.pii) },
        });
      }
    }
  },
};
