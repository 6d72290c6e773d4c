import { ruleTester } from '../../../test/support/rule-tester.js';
import { INTEGRATION, integrationYaml, VENDOR, vendorYaml } from '../../../test/support/policy-fixtures.js';
import { onboardingGate } from './onboarding-gate.js';

const SOC2 = (period: string, bridge?: string) => `  attestations:\n    - { type: soc2-type2, periodEnd: '${period}'${bridge ? `, bridgeLetterUntil: '${bridge}'` : ''} }`;
const APPROVED = `  approvals:\n    - { by: maria-lopez, role: vendor-risk, at: '2026-01-25T10:00:00Z' }`;
const high = (extra: string, contract?: string) => vendorYaml({ tier: 'high', extra, ...(contract ? { contract } : {}) });

ruleTester(onboardingGate, {
  valid: [
    { name: 'medium vendor with approved assessment and countersigned contract', files: {} },
    { name: 'failing vendor whose integrations are all disabled', files: { [VENDOR]: vendorYaml({ assessment: null }), [INTEGRATION]: integrationYaml({ enabled: false }) } },
    { name: 'high vendor, SOC 2 within 12 months of its period end', files: { [VENDOR]: high(`${SOC2('2025-07-31')}\n${APPROVED}`) } },
    { name: 'high vendor, SOC 2 extended by a bridge letter', files: { [VENDOR]: high(`${SOC2('2025-01-31', '2026-07-01')}\n${APPROVED}`) } },
    { name: 'high vendor, ISO 27001 valid through today', files: { [VENDOR]: high(`  attestations:\n    - { type: iso27001, validUntil: '2026-06-01' }\n${APPROVED}`) } },
  ],
  invalid: [
    {
      name: 'no assessment',
      files: { [VENDOR]: vendorYaml({ assessment: null }) },
      errors: [
        { messageId: 'integrationEnabled', data: { integration: 'ticket-sync', vendor: 'acme', tier: 'medium', failures: 'assessmentMissing' }, file: INTEGRATION, line: 5 },
        { messageId: 'assessmentMissing', data: { vendor: 'acme', tier: 'medium' }, file: VENDOR, line: 6 },
      ],
    },
    {
      name: 'assessment not approved; explicitly enabled integration',
      files: {
        [VENDOR]: vendorYaml({ assessment: "{ questionnaire: sig-lite, status: in-progress, reviewer: jonas-berg }" }),
        [INTEGRATION]: integrationYaml({ enabled: true }),
      },
      errors: [
        { messageId: 'integrationEnabled', line: 12 },
        { messageId: 'assessmentNotApproved', data: { status: 'in-progress' }, line: 9 },
      ],
    },
    {
      name: 'assessment expired',
      files: { [VENDOR]: vendorYaml({ assessment: "{ questionnaire: sig-lite, status: approved, reviewer: jonas-berg, completedAt: '2025-05-01', expiresAt: '2026-05-01' }" }) },
      errors: [{ messageId: 'integrationEnabled' }, { messageId: 'assessmentExpired', data: { expired: '2026-05-01' } }],
    },
    {
      name: 'approved assessment without a reviewer',
      files: { [VENDOR]: vendorYaml({ assessment: "{ questionnaire: sig-lite, status: approved, completedAt: '2026-01-15' }" }) },
      errors: [{ messageId: 'integrationEnabled' }, { messageId: 'assessmentIncomplete', data: { missing: 'reviewer' } }],
    },
    {
      name: 'contract not countersigned',
      files: { [VENDOR]: vendorYaml({ contract: '{ countersigned: false }' }) },
      errors: [{ messageId: 'integrationEnabled' }, { messageId: 'contractNotCountersigned', line: 10 }],
    },
    {
      name: 'high vendor: SOC 2 more than 12 months after its period, no approvals',
      files: { [VENDOR]: high(SOC2('2025-01-31')) },
      errors: [
        { messageId: 'integrationEnabled', data: { tier: 'high', failures: 'attestationExpired, approvalsMissing' } },
        { messageId: 'approvalsMissing', data: { required: 1, found: 0 }, line: 6 },
        { messageId: 'attestationExpired', data: { type: 'soc2-type2', until: '2026-01-31' }, line: 12 },
      ],
    },
    {
      name: 'high vendor: no attestation of an accepted type, breach notice too slow, no audit rights',
      files: {
        [VENDOR]: high(`  attestations:\n    - { type: pci-dss, validUntil: '2027-01-01' }\n${APPROVED}`, '{ countersigned: true, clauses: { encryption: true, breachNotificationHours: 96 } }'),
      },
      errors: [
        { messageId: 'integrationEnabled' },
        { messageId: 'clauseMissing', data: { clause: 'auditRights' }, line: 10 },
        { messageId: 'breachNotificationTooLong', data: { hours: 96, max: 72 }, line: 10 },
        { messageId: 'attestationMissing', data: { accepted: 'soc2-type2, iso27001' }, line: 11 },
      ],
    },
    {
      name: 'a tier\u2019s required approval roles come from the RiskPolicy',
      files: {
        'policies/risk.yaml': `apiVersion: interlock.dev/v1
kind: RiskPolicy
metadata: { name: risk }
spec:
  thresholds: { medium: 2, high: 5, critical: 8 }
  gates:
    medium: { approvals: { min: 2, roles: [privacy] } }
`,
        [VENDOR]: vendorYaml({ extra: "  approvals:\n    - { by: jonas-berg, role: security, at: '2026-01-25T10:00:00Z' }" }),
      },
      errors: [
        { messageId: 'integrationEnabled' },
        { messageId: 'approvalsMissing', data: { required: 2, found: 1 }, line: 11 },
        { messageId: 'approvalRoleMissing', data: { roles: 'privacy' }, line: 11 },
      ],
    },
    {
      name: 'an approval the access policy does not allow does not count',
      files: {
        'policies/risk.yaml': `apiVersion: interlock.dev/v1
kind: RiskPolicy
metadata: { name: risk }
spec:
  thresholds: { medium: 2, high: 5, critical: 8 }
  gates:
    medium: { approvals: { min: 1 } }
`,
        [VENDOR]: vendorYaml({ extra: "  approvals:\n    - { by: li-wei, role: engineering-manager, at: '2026-01-25T10:00:00Z' }" }),
      },
      errors: [{ messageId: 'integrationEnabled' }, { messageId: 'approvalsMissing', data: { required: 1, found: 0 } }],
    },
  ],
});
