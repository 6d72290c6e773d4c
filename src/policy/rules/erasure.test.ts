import { ruleTester } from '../../../test/support/rule-tester.js';
import { INTEGRATION, integrationYaml } from '../../../test/support/policy-fixtures.js';
import { erasure } from './erasure.js';

const PERSONAL = "{ region: eu-central, subjects: [eu], retentionDays: 365, fields: { 'Ticket.title': { sensitivity: confidential, pii: name } } }";
const withErasure = (e?: string) => integrationYaml({ data: PERSONAL, ...(e ? { extra: `  erasure: ${e}` } : {}) });

ruleTester(erasure, {
  valid: [
    { name: 'no personal data', files: {} },
    { name: 'delete by a contract operation', files: { [INTEGRATION]: withErasure('{ method: delete, operation: deleteTicket, identifier: id, withinDays: 30 }') } },
    { name: 'tokenization within 30 days', files: { [INTEGRATION]: withErasure('{ method: tokenize, withinDays: 30 }') } },
    {
      name: 'the policy does not require erasure',
      files: { [INTEGRATION]: withErasure(), 'policies/retention.yaml': 'apiVersion: interlock.dev/v1\nkind: RetentionPolicy\nmetadata: { name: r }\nspec: { maxDays: {}, erasure: { required: false } }\n' },
    },
  ],
  invalid: [
    {
      name: 'personal data without erasure',
      files: { [INTEGRATION]: withErasure() },
      errors: [{ messageId: 'erasureMissing', data: { field: 'Ticket.title', pii: 'name' }, file: INTEGRATION, line: 4, column: 1 }],
    },
    {
      name: 'delete without an operation',
      files: { [INTEGRATION]: withErasure('{ method: delete, withinDays: 30 }') },
      errors: [{ messageId: 'operationMissing', data: { method: 'delete' }, line: 12 }],
    },
    {
      name: 'tokenization too slow',
      files: { [INTEGRATION]: withErasure('{ method: tokenize, withinDays: 45 }') },
      errors: [{ messageId: 'tokenizationTooSlow', data: { max: 30, days: 45 } }],
    },
    {
      name: 'tokenization without a deadline',
      files: { [INTEGRATION]: withErasure('{ method: tokenize }') },
      errors: [{ messageId: 'tokenizationTooSlow', data: { days: 'none' } }],
    },
    {
      name: 'slower than the policy allows any erasure',
      files: {
        [INTEGRATION]: withErasure('{ method: suppress, operation: deleteTicket, withinDays: 30 }'),
        'policies/retention.yaml': 'apiVersion: interlock.dev/v1\nkind: RetentionPolicy\nmetadata: { name: r }\nspec: { maxDays: {}, erasure: { maxDays: 14 } }\n',
      },
      errors: [{ messageId: 'erasureTooSlow', data: { max: 14, days: 30 } }],
    },
  ],
});
