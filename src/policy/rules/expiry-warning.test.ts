import { ruleTester } from '../../../test/support/rule-tester.js';
import { VENDOR, vendorYaml } from '../../../test/support/policy-fixtures.js';
import { expiryWarning } from './expiry-warning.js';

const assessment = (expiresAt: string) => vendorYaml({ assessment: `{ questionnaire: sig-lite, status: approved, reviewer: jonas-berg, completedAt: '2025-06-20', expiresAt: '${expiresAt}' }` });
const attestations = (...items: string[]) => vendorYaml({ extra: `  attestations:\n${items.map((i) => `    - ${i}`).join('\n')}` });
const RISK = (noticeDays: number) => `apiVersion: interlock.dev/v1
kind: RiskPolicy
metadata: { name: risk }
spec: { thresholds: { medium: 2, high: 5, critical: 8 }, gates: {}, noticeDays: ${noticeDays} }
`;

ruleTester(expiryWarning, {
  valid: [
    { name: 'far from expiry', files: {} },
    { name: 'already expired is the gate\u2019s business', files: { [VENDOR]: assessment('2026-05-01') } },
    { name: 'a shorter notice period', files: { [VENDOR]: assessment('2026-06-20'), 'policies/risk.yaml': RISK(10) } },
    { name: 'a renewed SOC 2 report', files: { [VENDOR]: attestations("{ type: soc2-type2, periodEnd: '2025-06-30' }", "{ type: soc2-type2, periodEnd: '2026-03-31' }") } },
  ],
  invalid: [
    {
      name: 'assessment expiring within the default 60 days',
      files: { [VENDOR]: assessment('2026-06-20') },
      errors: [{ messageId: 'assessmentExpiring', data: { vendor: 'acme', date: '2026-06-20', days: 19 }, file: VENDOR, line: 9 }],
    },
    {
      name: 'notice period from the RiskPolicy',
      files: { [VENDOR]: assessment('2026-07-20'), 'policies/risk.yaml': RISK(90) },
      errors: [{ messageId: 'assessmentExpiring', data: { days: 49 } }],
    },
    {
      name: 'SOC 2 report reaching 12 months after its period',
      files: { [VENDOR]: attestations("{ type: soc2-type2, periodEnd: '2025-06-30' }") },
      errors: [{ messageId: 'attestationExpiring', data: { type: 'soc2-type2', date: '2026-06-30', days: 30 }, line: 12 }],
    },
    {
      name: 'ISO certificate ending soon',
      files: { [VENDOR]: attestations("{ type: iso27001, validUntil: '2026-07-15' }") },
      errors: [{ messageId: 'attestationExpiring', data: { type: 'iso27001', date: '2026-07-15', days: 45 } }],
    },
    {
      name: 'a waiver about to expire',
      files: {
        'policies/waiver.yaml': `apiVersion: interlock.dev/v1
kind: Waiver
metadata: { name: acme-transport }
spec: { rule: transport, resource: Vendor/acme, reason: Migrating to TLS 1.3, approver: jonas-berg, expires: '2026-06-10' }
`,
      },
      errors: [{ messageId: 'waiverExpiring', data: { waiver: 'acme-transport', rule: 'transport', target: 'Vendor/acme', days: 9 }, file: 'policies/waiver.yaml', line: 4 }],
    },
  ],
});
