import { ruleTester } from '../../../test/support/rule-tester.js';
import { INTEGRATION, integrationYaml, VENDOR, vendorYaml } from '../../../test/support/policy-fixtures.js';
import { residency } from './residency.js';

const usVendor = (transfers = '') => vendorYaml({ locations: '[eu-central, us-east]', ...(transfers ? { extra: `  transfers:\n    - ${transfers}` } : {}) });

ruleTester(residency, {
  valid: [
    { name: 'EU subjects, EU locations', files: {} },
    { name: 'a US location with SCC and a TIA', files: { [VENDOR]: usVendor("{ mechanism: scc, from: eu, to: us, tia: 'TIA-7' }") } },
    { name: 'subjects no residency rule covers', files: { [VENDOR]: usVendor(), [INTEGRATION]: integrationYaml({ data: '{ region: us-east, subjects: [us], retentionDays: 365 }' }) } },
  ],
  invalid: [
    {
      name: 'the vendor holds EU data in the US without a mechanism',
      files: { [VENDOR]: usVendor() },
      errors: [{ messageId: 'locationNotAllowed', data: { vendor: 'acme', integration: 'ticket-sync', location: 'us-east', subjects: 'eu', allowed: 'eu, uk', mechanisms: 'scc or idta' }, file: VENDOR, line: 8, column: 31 }],
    },
    {
      name: 'the integration keeps EU data in a US region',
      files: { [INTEGRATION]: integrationYaml({ data: '{ region: us-east, subjects: [eu], retentionDays: 365 }' }) },
      errors: [{ messageId: 'regionNotAllowed', data: { location: 'us-east' }, file: INTEGRATION, line: 11 }],
    },
    {
      name: 'a transfer mechanism without a transfer impact assessment',
      files: { [VENDOR]: usVendor('{ mechanism: scc, to: us }') },
      errors: [{ messageId: 'tiaMissing', data: { mechanism: 'scc', location: 'us-east' }, file: VENDOR }],
    },
    {
      name: 'personal data without declared subjects',
      files: { [INTEGRATION]: integrationYaml({ data: "{ region: eu-central, retentionDays: 365, fields: { 'Ticket.title': { sensitivity: confidential, pii: name } } }" }) },
      errors: [{ messageId: 'subjectsUndeclared', data: { field: 'Ticket.title' }, line: 11 }],
    },
    {
      name: 'a mechanism the policy does not accept',
      files: { [VENDOR]: usVendor("{ mechanism: bcr, to: us, tia: 'TIA-7' }") },
      errors: [{ messageId: 'locationNotAllowed', data: { location: 'us-east' } }],
    },
    {
      name: 'rules come from the ResidencyPolicy',
      files: {
        'policies/residency.yaml': `apiVersion: interlock.dev/v1
kind: ResidencyPolicy
metadata: { name: residency }
spec:
  rules:
    - { subjects: [uk], allowedLocations: [uk], transferMechanisms: [idta] }
`,
        [INTEGRATION]: integrationYaml({ data: '{ region: uk-south, subjects: [uk], retentionDays: 365 }' }),
      },
      errors: [{ messageId: 'locationNotAllowed', data: { location: 'eu-central', subjects: 'uk', mechanisms: 'idta' } }],
    },
  ],
});
