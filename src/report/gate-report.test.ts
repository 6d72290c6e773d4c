import { describe, expect, it } from 'vitest';
import { checkDocument, planDocument } from '../../test/fakes/gate-report-fixtures.js';
import { mergeGateReports, parseGateReport } from './gate-report.js';
import { judgeGate } from './gate-verdict.js';

describe('parseGateReport', () => {
  it('reads diagnostics, grouped changes, stale files and the announced flag from a check document', () => {
    const { value, diagnostics } = parseGateReport(checkDocument(), 'report.json');
    expect(diagnostics).toEqual([]);
    expect(value.diagnostics.map((d) => d.code)).toEqual(['policy/retention', 'policy/expiry']);
    expect(value.contracts).toHaveLength(1);
    expect(value.contracts[0].changes.map((c) => [c.id, c.level, c.announced ?? false])).toEqual([
      ['request-parameter-removed', 'breaking', false],
      ['response-property-removed', 'breaking', true],
      ['response-optional-property-added', 'info', false],
    ]);
    expect(value.stale).toEqual(['generated/servicenow/table-api.ts']);
  });

  it('an announced change is a breaking change the label can accept, however compat marks it', () => {
    const changes = [
      { id: 'a', level: 'info', message: 'm', announced: true },
      { id: 'b', level: 'info', message: 'm', data: { downgraded: 'announced' } },
      { id: 'c', level: 'breaking', message: 'm', data: { announced: true } },
      { id: 'd', level: 'info', message: 'm', data: { downgraded: 'unused' } },
    ];
    const { value } = parseGateReport({ contracts: [{ file: 'f.yaml', changes }] }, 'r');
    expect(value.contracts[0].changes.map((c) => [c.id, c.level, c.announced ?? false])).toEqual([
      ['a', 'breaking', true],
      ['b', 'breaking', true],
      // Announced but the major version was not bumped: not released, so not acceptable by label.
      ['c', 'breaking', false],
      ['d', 'info', false],
    ]);
  });

  it('reads a plan file: counts and every delete or replace, not the noops', () => {
    const { value, diagnostics } = parseGateReport(planDocument(), 'plan.json');
    expect(diagnostics).toEqual([]);
    expect(value.contracts).toEqual([]);
    expect(value.plan).toEqual({
      summary: { add: 1, change: 2, destroy: 2 },
      deletes: [
        { kind: 'Integration', name: 'legacy-export', action: 'delete', reason: 'removed' },
        { kind: 'Contract', name: 'servicenow-table-api', action: 'replace', reason: 'immutable-field' },
      ],
      runtimeRevision: 41,
    });
  });

  it('reads the files `generate --check --format json` lists as missing, stale or extra', () => {
    const doc = { generated: { check: true, upToDate: false, missing: ['generated/a/new.ts'], stale: ['generated/a/client.ts'], extra: ['generated/old/x.ts'] }, summary: {}, diagnostics: [] };
    expect(parseGateReport(doc, 'generate.json').value.stale).toEqual(['generated/a/new.ts', 'generated/a/client.ts', 'generated/old/x.ts']);
  });

  it('merging keeps a validation finding that several commands repeat once', () => {
    const d = { severity: 'warning', code: 'schema', message: 'm', location: { file: 'a.yaml', line: 1, column: 1 } };
    const a = parseGateReport({ diagnostics: [d] }, 'a').value;
    const b = parseGateReport({ diagnostics: [d, { ...d, message: 'other' }] }, 'b').value;
    expect(mergeGateReports([a, b]).diagnostics.map((x) => x.message)).toEqual(['m', 'other']);
  });

  it('groups the flat changes of `interlock diff --format json` by file', () => {
    const doc = {
      breaking: true,
      changes: [
        { id: 'api-removed-without-deprecation', level: 'breaking', message: 'm', base: { file: 'a.yaml', pointer: '/paths/~1x', line: 3 } },
        { id: 'x', level: 'info', message: 'm', head: { file: 'b.yaml', pointer: '', line: 1 } },
        { id: 'y', level: 'warning', message: 'm', head: { file: 'a.yaml', pointer: '' } },
      ],
    };
    const { value } = parseGateReport(doc, 'diff.json');
    expect(value.contracts.map((c) => [c.file, c.changes.map((x) => x.id)])).toEqual([
      ['a.yaml', ['api-removed-without-deprecation', 'y']],
      ['b.yaml', ['x']],
    ]);
  });

  it('reports malformed entries with their pointer and keeps the rest', () => {
    const { value, diagnostics } = parseGateReport(
      { diagnostics: [{ severity: 'fatal', code: 'x', message: 'm' }, { severity: 'error', code: 'ok', message: 'm' }], stale: 'nope', contracts: [{ file: 'f', changes: [{ id: 'a', level: 'huge', message: 'm' }] }] },
      'r.json',
    );
    expect(value.diagnostics.map((d) => d.code)).toEqual(['ok']);
    expect(diagnostics.map((d) => [d.code, d.location?.pointer])).toEqual([
      ['report-input', '/diagnostics/0'],
      ['report-input', '/contracts/0/changes/0'],
      ['report-input', '/stale'],
    ]);
    expect(parseGateReport([], 'r.json').diagnostics.map((d) => d.code)).toEqual(['report-input']);
  });
});

describe('judgeGate', () => {
  const report = mergeGateReports([parseGateReport(checkDocument(), 'a').value, parseGateReport(planDocument(), 'b').value]);

  it('fails on errors, unannounced breaks, announced breaks without the label and stale files', () => {
    const v = judgeGate(report);
    expect(v.conclusion).toBe('failure');
    expect(v.reasons).toEqual(['errors', 'breaking-unannounced', 'breaking-awaiting-approval', 'stale-generated']);
    expect(v.unannounced.map((e) => e.change.id)).toEqual(['request-parameter-removed']);
    expect(v.announced.map((e) => e.change.id)).toEqual(['response-property-removed']);
  });

  it('the approval label accepts announced breaks only, and records who added it', () => {
    const v = judgeGate(report, { labels: ['breaking-change-approved'], approvedBy: { login: 'maria-lopez', at: '2026-11-21T10:00:00Z' } });
    expect(v.reasons).toEqual(['errors', 'breaking-unannounced', 'stale-generated']);
    expect(v.approval).toEqual({ label: 'breaking-change-approved', present: true, by: 'maria-lopez', at: '2026-11-21T10:00:00Z' });
  });

  it('a label the author added does not count', () => {
    const v = judgeGate(report, { labels: ['breaking-change-approved'], approvedBy: { login: 'Octocat' }, author: 'octocat' });
    expect(v.approval).toEqual({ label: 'breaking-change-approved', present: false, by: 'Octocat', refused: 'author' });
    expect(v.reasons).toContain('breaking-awaiting-approval');
  });

  it('passes when only announced breaks remain and they are approved', () => {
    const only = parseGateReport({ contracts: checkDocument().contracts }, 'r').value;
    only.contracts[0].changes = only.contracts[0].changes.filter((c) => c.announced || c.level !== 'breaking');
    expect(judgeGate(only).conclusion).toBe('failure');
    expect(judgeGate(only, { labels: ['breaking-change-approved'] }).conclusion).toBe('success');
  });
});
