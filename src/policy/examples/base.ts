/**
 * The smallest workspace that passes every rule (on 2026-06-01): one medium-tier vendor with an approved
 * assessment and a countersigned contract, one contract, one integration. Rule tests and doc examples
 * lay their own files over it.
 */
export const EXAMPLE_NOW = '2026-06-01';

/** The base contract's description, its Ticket schema with these properties (YAML lines indented for `properties:`). */
export function ticketsOpenApi(ticketProperties: string, extraSchemas = ''): string {
  return `openapi: 3.0.3
info: { title: Acme Tickets, version: '1.0' }
paths:
  /tickets:
    post:
      operationId: createTicket
      requestBody:
        content: { application/json: { schema: { $ref: '#/components/schemas/Ticket' } } }
      responses:
        '201': { description: Created, content: { application/json: { schema: { $ref: '#/components/schemas/Ticket' } } } }
  /tickets/{id}:
    delete:
      operationId: deleteTicket
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { '204': { description: Deleted } }
components:
  schemas:
    Ticket:
      type: object
      x-classification: { sensitivity: internal, pii: null }
      properties:
        id: { type: string }
${ticketProperties.replace(/\n$/, '')}
${extraSchemas ? `${extraSchemas.replace(/\n$/, '')}\n` : ''}`;
}

export const BASE_WORKSPACE: Readonly<Record<string, string>> = {
  'integrations/acme/vendor.yaml': `apiVersion: interlock.dev/v1
kind: Vendor
metadata: { name: acme }
spec:
  legalName: Acme, Inc.
  riskTier: medium
  criteria: { dataSensitivity: internal, accessLevel: write, criticality: low }
  dataLocations: [eu-central]
  assessment: { questionnaire: sig-lite, status: approved, reviewer: jonas-berg, completedAt: '2026-01-15', expiresAt: '2027-01-15' }
  contract: { countersigned: true, signedAt: '2026-01-20', clauses: { encryption: true, breachNotificationHours: 48, auditRights: true } }
`,
  'integrations/acme/ticket-sync.yaml': `apiVersion: interlock.dev/v1
kind: Integration
metadata: { name: ticket-sync }
spec:
  vendor: acme
  contract: { ref: acme-tickets, version: ^1.0.0 }
  direction: outbound
  endpoint: { baseUrl: 'https://api.acme.example', tls: { minVersion: '1.2' } }
  auth: { type: apiKey, name: X-Api-Key, value: 'env:ACME_KEY' }
  uses: [createTicket]
  data: { region: eu-central, subjects: [eu], retentionDays: 365 }
`,
  'contracts/acme/tickets.contract.yaml': `apiVersion: interlock.dev/v1
kind: Contract
metadata: { name: acme-tickets }
spec: { vendor: acme, format: openapi, source: tickets.openapi.yaml, version: 1.0.0 }
`,
  'contracts/acme/tickets.openapi.yaml': ticketsOpenApi('        title: { type: string }'),
  'policies/access.conf': `[request_definition]
r = sub, obj, act

[policy_definition]
p = sub, obj, act

[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = g(r.sub, p.sub) && keyMatch(r.obj, p.obj) && (r.act == p.act || p.act == "*")
`,
  'policies/access.csv': `p, vendor-risk, tier:critical, approve
p, vendor-risk, tier:high, approve
p, vendor-risk, tier:medium, approve
p, security, tier:high, approve
p, security, tier:medium, approve
p, security, tier:low, approve
p, privacy, tier:high, approve
p, engineering-manager, tier:low, approve
g, maria-lopez, vendor-risk
g, priya-raman, privacy
g, jonas-berg, security
g, li-wei, engineering-manager
`,
};
