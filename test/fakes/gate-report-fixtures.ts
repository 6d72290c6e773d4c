/**
 * Gate reports for tests of the PR comment, annotations and SARIF: the JSON documents `check`,
 * `plan` and `generate --check` print, as plain data.
 */
import type { Diagnostic } from '../../src/core/diagnostic.js';

/** What `interlock check --format json` prints for a pull request with one of everything. */
export function checkDocument(): Record<string, unknown> {
  return {
    resources: 12,
    summary: { error: 1, warning: 1, info: 0 },
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
  };
}

/** What `interlock plan --out plan.json` writes (only the fields the gate reads, plus noise). */
export function planDocument(): Record<string, unknown> {
  return {
    formatVersion: 1,
    runtimeRevision: 41,
    runtimeCommit: 'abc',
    createdAt: '2026-11-22T00:00:00Z',
    workspaceId: 'northwind',
    summary: { add: 1, change: 2, destroy: 2, kept: 0, unchanged: 9 },
    changes: [
      { action: 'create', kind: 'Integration', name: 'jira-sync', before: null, after: {}, diff: [], reason: 'new' },
      { action: 'update', kind: 'Vendor', name: 'servicenow', before: {}, after: {}, diff: [], reason: 'changed' },
      { action: 'delete', kind: 'Integration', name: 'legacy-export', before: {}, after: null, diff: [], reason: 'removed' },
      { action: 'replace', kind: 'Contract', name: 'servicenow-table-api', before: {}, after: {}, diff: [], reason: 'immutable-field' },
      { action: 'noop', kind: 'Vendor', name: 'atlassian', before: {}, after: {}, diff: [], reason: 'unchanged' },
    ],
  };
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
