import { ruleTester } from '../../../test/support/rule-tester.js';
import { INTEGRATION, integrationYaml } from '../../../test/support/policy-fixtures.js';
import { retention } from './retention.js';

const data = (d: string) => integrationYaml({ data: d });
const POLICY = (maxDays: string) => `apiVersion: interlock.dev/v1
kind: RetentionPolicy
metadata: { name: retention }
spec: { maxDays: ${maxDays} }
`;
const SECRETS_RECORD = `apiVersion: interlock.dev/v1
kind: DataContract
metadata: { name: patient-notes }
spec:
  version: 1.0.0
  fields:
    note: { type: string, classification: { sensitivity: restricted, pii: health } }
`;

ruleTester(retention, {
  valid: [
    { name: 'internal data kept within the default limit', files: {} },
    { name: 'the policy allows longer', files: { 'policies/retention.yaml': POLICY('{ internal: 4000 }'), [INTEGRATION]: data('{ region: eu-central, subjects: [eu], retentionDays: 4000 }') } },
    { name: 'no personal data and no retention', files: { [INTEGRATION]: data('{ region: eu-central, subjects: [eu] }') } },
  ],
  invalid: [
    {
      name: 'longer than the limit for the highest sensitivity',
      files: { [INTEGRATION]: data('{ region: eu-central, subjects: [eu], retentionDays: 2000 }') },
      errors: [{ messageId: 'retentionTooLong', data: { days: 2000, max: 1095, sensitivity: 'internal', field: 'Ticket.id' }, file: INTEGRATION, line: 11 }],
    },
    {
      name: 'an exported data contract with restricted data',
      files: {
        'contracts/patient-notes.datacontract.yaml': SECRETS_RECORD,
        [INTEGRATION]: data('{ region: eu-central, subjects: [eu], retentionDays: 400, records: [patient-notes] }'),
      },
      errors: [{ messageId: 'retentionTooLong', data: { days: 400, max: 365, sensitivity: 'restricted', field: 'patient-notes.note' } }],
    },
    {
      name: 'limits come from the RetentionPolicy',
      files: { 'policies/retention.yaml': POLICY('{ internal: 90 }') },
      errors: [{ messageId: 'retentionTooLong', data: { days: 365, max: 90 } }],
    },
    {
      name: 'personal data without a retention',
      files: { [INTEGRATION]: data("{ region: eu-central, subjects: [eu], fields: { 'Ticket.email': { sensitivity: confidential, pii: contact } } }") },
      errors: [{ messageId: 'personalDataWithoutRetention', data: { field: 'Ticket.email', pii: 'contact' }, line: 11 }],
    },
  ],
});
