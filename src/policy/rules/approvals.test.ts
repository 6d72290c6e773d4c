import { ruleTester } from '../../../test/support/rule-tester.js';
import { VENDOR, vendorYaml } from '../../../test/support/policy-fixtures.js';
import { approvals } from './approvals.js';

const approved = (...entries: string[]) => `  approvals:\n${entries.map((e) => `    - ${e}`).join('\n')}`;
const by = (login: string, role: string, tier?: string) => `{ by: ${login}, role: ${role}, at: '2026-01-25T10:00:00Z'${tier ? `, tier: ${tier}` : ''} }`;
const LOW = '{ dataSensitivity: internal, accessLevel: read, criticality: low }';

ruleTester(approvals, {
  valid: [
    { name: 'no approvals', files: {} },
    { name: 'vendor-risk approves a medium vendor', files: { [VENDOR]: vendorYaml({ extra: approved(by('maria-lopez', 'vendor-risk')) }) } },
    { name: 'an engineering manager approves a low vendor', files: { [VENDOR]: vendorYaml({ tier: 'low', criteria: LOW, extra: approved(by('li-wei', 'engineering-manager')) }) } },
    { name: 'GitHub logins are case-insensitive', files: { [VENDOR]: vendorYaml({ extra: approved(by('Maria-Lopez', 'vendor-risk')) }) } },
    { name: 'an approval for a higher tier covers a lower one', files: { [VENDOR]: vendorYaml({ extra: approved(by('maria-lopez', 'vendor-risk', 'high')) }) } },
    { name: 'someone else authored the change', author: 'li-wei', files: { [VENDOR]: vendorYaml({ extra: approved(by('maria-lopez', 'vendor-risk')) }) } },
  ],
  invalid: [
    {
      name: 'the role may not approve the tier',
      files: { [VENDOR]: vendorYaml({ extra: approved(by('li-wei', 'engineering-manager')) }) },
      errors: [{ messageId: 'roleCannotApprove', data: { by: 'li-wei', role: 'engineering-manager', tier: 'medium' }, file: VENDOR, line: 12, column: 21 }],
    },
    {
      name: 'the approver does not hold the role claimed',
      files: { [VENDOR]: vendorYaml({ extra: approved(by('jonas-berg', 'vendor-risk')) }) },
      errors: [{ messageId: 'roleNotHeld', data: { by: 'jonas-berg', role: 'vendor-risk', roles: 'security' } }],
    },
    {
      name: 'a login the access policy does not know',
      files: { [VENDOR]: vendorYaml({ extra: approved(by('mallory', 'vendor-risk')) }) },
      errors: [{ messageId: 'roleNotHeld', data: { by: 'mallory', roles: 'none' } }],
    },
    {
      name: 'nobody approves their own change',
      author: 'maria-lopez',
      files: { [VENDOR]: vendorYaml({ extra: approved(by('maria-lopez', 'vendor-risk')) }) },
      errors: [{ messageId: 'selfApproval', data: { by: 'maria-lopez' }, line: 12, column: 9 }],
    },
    {
      name: 'an approval for a lower tier',
      files: { [VENDOR]: vendorYaml({ extra: approved(by('jonas-berg', 'security', 'low')) }) },
      errors: [{ messageId: 'tierNotCovered', data: { approvedTier: 'low', tier: 'medium' } }],
    },
    {
      name: 'an approval dated after now',
      files: { [VENDOR]: vendorYaml({ extra: approved(by('maria-lopez', 'vendor-risk').replace('2026-01-25', '2026-07-25')) }) },
      errors: [{ messageId: 'approvalInFuture', data: { by: 'maria-lopez', at: '2026-07-25T10:00:00.000Z' } }],
    },
    {
      name: 'the same person twice',
      files: { [VENDOR]: vendorYaml({ extra: approved(by('maria-lopez', 'vendor-risk'), by('maria-lopez', 'vendor-risk', 'high')) }) },
      errors: [{ messageId: 'duplicateApproval', data: { by: 'maria-lopez' }, line: 13 }],
    },
    {
      name: 'the tier approved is the computed one when it is higher than declared',
      files: { [VENDOR]: vendorYaml({ tier: 'low', criteria: '{ dataSensitivity: internal, accessLevel: write, criticality: medium }', extra: approved(by('li-wei', 'engineering-manager')) }) },
      errors: [{ messageId: 'roleCannotApprove', data: { tier: 'medium' } }],
    },
    {
      name: 'no access model to check against',
      files: { 'policies/access.conf': null, 'policies/access.csv': null, [VENDOR]: vendorYaml({ extra: approved(by('maria-lopez', 'vendor-risk')) }) },
      errors: [{ messageId: 'noAccessModel', line: 11 }],
    },
  ],
});
