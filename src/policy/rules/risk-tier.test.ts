import { ruleTester } from '../../../test/support/rule-tester.js';
import { INTEGRATION, integrationYaml, OPENAPI, openapiWith, VENDOR, vendorYaml } from '../../../test/support/policy-fixtures.js';
import { riskTier } from './risk-tier.js';

ruleTester(riskTier, {
  valid: [
    { name: 'declared tier equals computed', files: {} },
    { name: 'declared above computed', files: { [VENDOR]: vendorYaml({ tier: 'critical' }) } },
    {
      name: 'a custom scoring keeps the vendor low',
      files: {
        [VENDOR]: vendorYaml({ tier: 'low' }),
        'policies/risk.yaml': `apiVersion: interlock.dev/v1
kind: RiskPolicy
metadata: { name: risk }
spec:
  scoring: { dataSensitivity: { internal: 0 }, accessLevel: { write: 0 } }
  thresholds: { medium: 2, high: 5, critical: 8 }
  gates: {}
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a restricted field in the field map raises sensitivity',
      files: { [INTEGRATION]: integrationYaml({ data: "{ region: eu-central, subjects: [eu], retentionDays: 365, fields: { 'Ticket.title': { sensitivity: restricted, pii: null } } }" }) },
      errors: [{ messageId: 'tierBelowComputed', data: { declared: 'medium', computed: 'high', score: 6 }, file: VENDOR, line: 6, column: 3 }],
    },
    {
      name: 'a restricted field through a $ref in the contract raises sensitivity',
      files: {
        [OPENAPI]: openapiWith(
          "        requester: { $ref: '#/components/schemas/User' }",
          `    User:
      type: object
      properties:
        email: { type: string, x-classification: { sensitivity: restricted, pii: contact } }`,
        ),
      },
      errors: [{ messageId: 'tierBelowComputed', data: { computed: 'high', score: 6 } }],
    },
    {
      name: 'criticality',
      files: { [VENDOR]: vendorYaml({ criteria: '{ dataSensitivity: internal, accessLevel: write, criticality: critical }' }) },
      errors: [{ messageId: 'tierBelowComputed', data: { computed: 'high', score: 5 } }],
    },
    {
      name: 'data held outside the subjects\u2019 jurisdictions adds cross-border points',
      files: { [VENDOR]: vendorYaml({ tier: 'low', criteria: '{ dataSensitivity: internal, accessLevel: read, criticality: low }', locations: '[us-east]' }) },
      errors: [{ messageId: 'tierBelowComputed', data: { declared: 'low', computed: 'medium', score: 2 } }],
    },
    {
      name: 'thresholds come from the RiskPolicy',
      files: {
        'policies/risk.yaml': `apiVersion: interlock.dev/v1
kind: RiskPolicy
metadata: { name: risk }
spec:
  thresholds: { medium: 1, high: 2, critical: 3 }
  gates: {}
`,
      },
      errors: [{ messageId: 'tierBelowComputed', data: { declared: 'medium', computed: 'high', score: 2 } }],
    },
  ],
});
