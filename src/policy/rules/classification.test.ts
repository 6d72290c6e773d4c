import { ruleTester } from '../../../test/support/rule-tester.js';
import { INTEGRATION, integrationYaml, OPENAPI, openapiWith } from '../../../test/support/policy-fixtures.js';
import { classification } from './classification.js';

const UNCLASSIFIED_TICKET = OPENAPI_WITHOUT_CLASSIFICATION();

function OPENAPI_WITHOUT_CLASSIFICATION(): string {
  return openapiWith('        title: { type: string }').replace("      x-classification: { sensitivity: internal, pii: null }\n", '');
}

const GRAPHQL = {
  'contracts/acme/issues.contract.yaml': `apiVersion: interlock.dev/v1
kind: Contract
metadata: { name: acme-issues }
spec: { vendor: acme, format: graphql, source: issues.graphql, version: 1.0.0 }
`,
  'contracts/acme/issues.graphql': `directive @classification(sensitivity: String, pii: String) on FIELD_DEFINITION
type Query { issue(id: ID!): Issue }
type Issue { id: ID!, title: String @classification(sensitivity: "internal"), reporter: User }
type User { email: String }
`,
  'integrations/acme/operations/get-issue.graphql': 'query GetIssue($id: ID!) { issue(id: $id) { id title reporter { email } } }\n',
};

const graphqlIntegration = (fields: string) => `apiVersion: interlock.dev/v1
kind: Integration
metadata: { name: issue-sync }
spec:
  vendor: acme
  contract: { ref: acme-issues }
  direction: inbound
  endpoint: { baseUrl: 'https://api.acme.example/graphql' }
  auth: { type: apiKey, name: X-Api-Key, value: 'env:ACME_KEY' }
  uses: [operations/get-issue.graphql]
  data: { region: eu-central, subjects: [eu], retentionDays: 30, fields: ${fields} }
`;

ruleTester(classification, {
  valid: [
    { name: 'the contract classifies the schema and its properties inherit', files: {} },
    {
      name: 'a field map prefix classifies a whole payload',
      files: { [OPENAPI]: UNCLASSIFIED_TICKET, [INTEGRATION]: integrationYaml({ data: "{ region: eu-central, subjects: [eu], retentionDays: 365, fields: { Ticket: { sensitivity: internal, pii: null } } }" }) },
    },
    {
      name: 'GraphQL: @classification in the SDL and the field map by type',
      files: { ...GRAPHQL, 'integrations/acme/issue-sync.yaml': graphqlIntegration("{ 'Issue.id': { sensitivity: internal, pii: null }, 'User.email': { sensitivity: confidential, pii: contact } }") },
    },
  ],
  invalid: [
    {
      name: 'contract fields without x-classification',
      files: { [OPENAPI]: UNCLASSIFIED_TICKET },
      errors: [{ messageId: 'unclassified', data: { integration: 'ticket-sync', via: 'createTicket', count: 2, fields: 'Ticket.id, Ticket.title' }, file: INTEGRATION, line: 10, column: 10 }],
    },
    {
      name: 'an email field inherits a classification without a PII category',
      files: { [OPENAPI]: openapiWith('        email: { type: string }') },
      errors: [{ messageId: 'personalDataWithoutCategory', data: { field: 'Ticket.email' }, line: 10 }],
    },
    {
      name: 'the field map says an email is not personal data',
      files: {
        [OPENAPI]: openapiWith('        email: { type: string }'),
        [INTEGRATION]: integrationYaml({ data: "{ region: eu-central, subjects: [eu], retentionDays: 365, fields: { 'Ticket.email': { sensitivity: confidential, pii: null } } }" }),
      },
      errors: [{ messageId: 'personalDataWithoutCategory', data: { field: 'Ticket.email' }, line: 11 }],
    },
    {
      name: 'GraphQL: selected fields without a classification',
      files: { ...GRAPHQL, 'integrations/acme/issue-sync.yaml': graphqlIntegration("{ 'Issue.id': { sensitivity: internal, pii: null } }") },
      errors: [{ messageId: 'unclassified', data: { via: 'operations/get-issue.graphql', count: 1, fields: 'Query.issue.reporter.email' }, file: 'integrations/acme/issue-sync.yaml', line: 10 }],
    },
  ],
});
