import type { FieldUse } from '../fields.js';
import type { Rule } from '../rule.js';

/** Leaf names that hold personal data whatever the payload: a classification of them needs a PII category. */
const PERSONAL = /^(e-?mail(_?address)?|phone(_?number)?|mobile|first_?name|last_?name|full_?name|given_?name|family_?name|surname|date_?of_?birth|dob|birth_?date|ssn|social_?security_?number|national_?id|passport(_?number)?|home_?address|street_?address|ip_?address)$/i;

const SHOWN = 8;

function list(fields: FieldUse[]): string {
  const names = fields.slice(0, SHOWN).map((f) => f.path);
  return fields.length > SHOWN ? `${names.join(', ')} and ${fields.length - SHOWN} more` : names.join(', ');
}

export const classification: Rule = {
  meta: {
    id: 'classification',
    description: 'Every field an integration sends, receives or exports carries a classification, and personal data names its PII category.',
    defaultSeverity: 'error',
    messages: {
      unclassified: "Integration '{{integration}}': {{count}} field(s) moved by {{via}} carry no classification: {{fields}}",
      personalDataWithoutCategory: "Integration '{{integration}}': field {{field}} holds personal data but its classification has pii: null",
    },
    docs: {
      details: `Fields are enumerated from what the integration moves: request and 2xx response bodies of the operations
in \`uses\` (following \`$ref\`s), the inbound webhook payload, fields selected by GraphQL operation documents, and
the data contracts it exports or streams (\`data.records\`, \`export\`). Each gets its classification from, most
specific first:

1. the integration's \`data.fields\`, keyed by field path (\`Ticket.requester.email\`), by the path from any named
   schema on the way (\`User.email\`), or by a prefix of either (\`Ticket\` classifies every field below it);
2. \`x-classification: { sensitivity, pii }\` on the schema property in the contract, inherited from the enclosing
   schema (GraphQL: \`@classification(sensitivity:, pii:)\` on the field definition);
3. the data contract's field classification.

What a GraphQL connector sends in its variables is not enumerated from the input types (most of their fields
are never sent): declare it in \`data.fields\` by input type (\`IssueCreateInput.title\`); such entries count as
data the vendor receives for the risk tier, retention and erasure rules.

A field whose name says it is personal data (email, phone, name, date of birth, …) must have a PII category.`,
      failing: {
        'contracts/acme/tickets.openapi.yaml': `openapi: 3.0.3
info: { title: Acme Tickets, version: '1.0' }
paths:
  /tickets:
    post:
      operationId: createTicket
      requestBody:
        content: { application/json: { schema: { $ref: '#/components/schemas/Ticket' } } }
      responses: { '201': { description: Created } }
components:
  schemas:
    Ticket:
      type: object
      properties:
        id: { type: string }
        title: { type: string }
`,
      },
      passing: {
        'contracts/acme/tickets.openapi.yaml': `openapi: 3.0.3
info: { title: Acme Tickets, version: '1.0' }
paths:
  /tickets:
    post:
      operationId: createTicket
      requestBody:
        content: { application/json: { schema: { $ref: '#/components/schemas/Ticket' } } }
      responses: { '201': { description: Created } }
components:
  schemas:
    Ticket:
      type: object
      x-classification: { sensitivity: internal, pii: null }
      properties:
        id: { type: string }
        title: { type: string }
`,
      },
    },
  },
  check(context) {
    for (const integration of context.model.integrations.values()) {
      const fields = context.facts.fieldsOf(integration);
      const byVia = new Map<string, FieldUse[]>();
      for (const f of fields) {
        if (f.classification) continue;
        const key = f.pointer;
        byVia.set(key, [...(byVia.get(key) ?? []), f]);
      }
      for (const unclassified of byVia.values()) {
        const unique = [...new Map(unclassified.map((f) => [f.path, f])).values()];
        context.report({
          resource: integration,
          pointer: unique[0].pointer,
          messageId: 'unclassified',
          data: { integration: integration.name, via: unique[0].via, count: unique.length, fields: list(unique) },
        });
      }
      const flagged = new Set<string>();
      for (const f of fields) {
        const leaf = f.path.slice(f.path.lastIndexOf('.') + 1);
        if (!f.classification || f.classification.pii !== null || !PERSONAL.test(leaf) || flagged.has(f.path)) continue;
        flagged.add(f.path);
        context.report({
          resource: integration,
          pointer: f.fieldMapKey !== undefined ? `/spec/data/fields/${f.fieldMapKey.replace(/~/g, '~0').replace(/\//g, '~1')}` : f.pointer,
          messageId: 'personalDataWithoutCategory',
          data: { integration: integration.name, field: f.path, via: f.via },
        });
      }
    }
  },
};
