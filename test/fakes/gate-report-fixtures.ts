/**
 * Gate reports for tests of the PR comment, annotations and SARIF: the JSON document `interlock check
 * --report FILE` writes, as plain data.
 */
import type { Diagnostic } from '../../src/core/diagnostic.js';

/** What `interlock check --report FILE` writes for a pull request with one of everything. */
export function checkDocument(): Record<string, unknown> {
  return {
    formatVersion: 1,
    failed: true,
    diagnostics: [
      {
        severity: 'error',
        code: 'policy/retention',
        message: 'Retention of 900 days exceeds the 730 days allowed for confidential data',
        location: { file: 'integrations/servicenow/servicenow-incidents.yaml', pointer: '/spec/data/retentionDays', line: 37, column: 20 },
        data: { declared: 900, max: 730 },
      },
      {
        severity: 'warning',
        code: 'policy/expiry',
        message: 'SOC 2 report period ended 2026-06-30; renew before 2027-06-30',
        location: { file: 'integrations/servicenow/vendor.yaml', pointer: '/spec/attestations/0', line: 29, column: 7 },
      },
    ],
    contracts: [
      {
        contract: 'servicenow-table-api',
        file: 'contracts/servicenow/table-api.openapi.yaml',
        changes: [
          {
            id: 'request-parameter-removed',
            level: 'breaking',
            message: "Parameter 'sysparm_limit' was removed; clients that send it get 400",
            operation: { method: 'get', path: '/api/now/table/incident' },
            base: { file: 'contracts/servicenow/table-api.openapi.yaml', pointer: '/paths/~1api~1now~1table~1incident/get/parameters/2', line: 40 },
          },
          {
            id: 'response-property-removed',
            level: 'breaking',
            announced: true,
            message: "Response property 'u_legacy_ref' was removed",
            operation: { method: 'get', path: '/api/now/table/incident/{sys_id}' },
            head: { file: 'contracts/servicenow/table-api.openapi.yaml', pointer: '/components/schemas/Incident', line: 120 },
          },
          {
            id: 'response-optional-property-added',
            level: 'info',
            message: "Response property 'u_hub' was added",
            head: { file: 'contracts/servicenow/table-api.openapi.yaml', pointer: '/components/schemas/Incident/properties/u_hub', line: 131 },
          },
        ],
      },
    ],
    stale: ['generated/servicenow/table-api.ts'],
    plan: {
      summary: { add: 1, change: 2, destroy: 2 },
      deletes: [
        { kind: 'Integration', name: 'legacy-export', action: 'delete', reason: 'removed' },
        { kind: 'Contract', name: 'servicenow-table-api', action: 'replace', reason: 'immutable-field' },
      ],
      runtimeRevision: 41,
    },
  };
}

/** A gate report with nothing but these contract changes. */
export function changesOnly(contracts: unknown): Record<string, unknown> {
  return { formatVersion: 1, failed: false, diagnostics: [], contracts, stale: [] };
}

/** `n` located errors spread over a few files. */
export function manyDiagnostics(n: number, messageLength = 60): Diagnostic[] {
  return Array.from({ length: n }, (_, i) => ({
    severity: 'error' as const,
    code: `policy/rule-${i % 7}`,
    message: `Finding ${i} `.padEnd(messageLength, 'x'),
    location: { file: `integrations/vendor-${i % 5}/connector.yaml`, pointer: `/spec/x/${i}`, line: i + 1, column: 3 },
  }));
}
