import { heldFields } from '../fields.js';
import type { Rule } from '../rule.js';

const INTEGRATION = (erasure: string) => `apiVersion: interlock.dev/v1
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
      Ticket.title: { sensitivity: confidential, pii: name }
${erasure}`;

export const erasure: Rule = {
  meta: {
    id: 'erasure',
    description: 'An integration that moves personal data declares how a data subject is erased at the vendor: a delete or suppress operation its contract has, or tokenization within the policy limit.',
    defaultSeverity: 'error',
    messages: {
      erasureMissing: "Integration '{{integration}}' moves personal data (field {{field}}, {{pii}}) but declares no erasure",
      operationMissing: "Integration '{{integration}}': erasure by {{method}} needs the contract operation that performs it",
      operationUnknown: "Integration '{{integration}}': erasure operation '{{operation}}' does not exist in contract '{{contract}}'",
      tokenizationTooSlow: "Integration '{{integration}}': tokenization must complete within {{max}} days, declared {{days}}",
      erasureTooSlow: "Integration '{{integration}}': erasure must complete within {{max}} days, declared {{days}}",
    },
    docs: {
      details: `When any field the integration places at the vendor or a destination (request bodies, exported or streamed
data contracts, \`data.fields\` entries — not what it only reads back) carries a PII category (and the RetentionPolicy's \`erasure.required\` is on,
the default), \`erasure\` must say how a subject is erased at the vendor:

- \`delete\` or \`suppress\` with an \`operation\` that exists in the integration's contract (an OpenAPI operationId;
  for GraphQL, a mutation field or an operation document);
- or \`tokenize\`, with \`withinDays\` no more than the policy's \`erasure.maxTokenizationDays\` (30 by default).

When the policy sets \`erasure.maxDays\`, any declared \`withinDays\` must be within it.`,
      failing: { 'integrations/acme/ticket-sync.yaml': INTEGRATION('') },
      passing: { 'integrations/acme/ticket-sync.yaml': INTEGRATION('  erasure: { method: delete, operation: deleteTicket, identifier: id, withinDays: 30 }\n') },
    },
  },
  check(context) {
    const policy = context.policies.retention.erasure;
    for (const integration of context.model.integrations.values()) {
      const spec = integration.manifest.spec;
      const base = { integration: integration.name };
      const e = spec.erasure;
      if (!e) {
        const personal = heldFields(context.facts.fieldsOf(integration)).find((f) => f.classification?.pii);
        if (personal && policy.required) {
          context.report({ resource: integration, pointer: '/spec', messageId: 'erasureMissing', data: { ...base, field: personal.path, pii: String(personal.classification?.pii) } });
        }
        continue;
      }
      if (e.method === 'delete' || e.method === 'suppress') {
        if (!e.operation) {
          context.report({ resource: integration, pointer: '/spec/erasure/method', messageId: 'operationMissing', data: { ...base, method: e.method } });
        } else {
          const api = context.model.apis.get(spec.contract.ref);
          let exists = true;
          if (api?.format === 'openapi') exists = api.operations.has(e.operation);
          else if (api?.format === 'graphql') {
            const dir = integration.doc.file.slice(0, integration.doc.file.lastIndexOf('/') + 1);
            const mutation = api.sdl?.definitions.some(
              (d) => (d.kind === 'ObjectTypeDefinition' || d.kind === 'ObjectTypeExtension') && d.name.value === 'Mutation' && (d.fields ?? []).some((f) => f.name.value === e.operation),
            );
            exists = Boolean(mutation) || context.model.workspace.files.has(dir + e.operation);
          }
          // OpenAPI operations are also checked by validate; this keeps the erasure finding next to its rule.
          if (!exists) context.report({ resource: integration, pointer: '/spec/erasure/operation', messageId: 'operationUnknown', data: { ...base, operation: e.operation, contract: spec.contract.ref } });
        }
      }
      if (e.method === 'tokenize' && (e.withinDays === undefined || e.withinDays > policy.maxTokenizationDays)) {
        context.report({
          resource: integration,
          pointer: e.withinDays === undefined ? '/spec/erasure' : '/spec/erasure/withinDays',
          messageId: 'tokenizationTooSlow',
          data: { ...base, max: policy.maxTokenizationDays, days: e.withinDays ?? 'none' },
        });
      } else if (policy.maxDays !== undefined && e.withinDays !== undefined && e.withinDays > policy.maxDays) {
        context.report({ resource: integration, pointer: '/spec/erasure/withinDays', messageId: 'erasureTooSlow', data: { ...base, max: policy.maxDays, days: e.withinDays } });
      }
    }
  },
};
