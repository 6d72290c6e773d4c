import { describe, expect, it } from 'vitest';
import { changesOnly, checkDocument } from '../../test/fakes/gate-report-fixtures.js';
import { parseGateReport } from './gate-report.js';
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
    const { value } = parseGateReport(changesOnly([{ file: 'f.yaml', changes }]), 'r');
    expect(value.contracts[0].changes.map((c) => [c.id, c.level, c.announced ?? false])).toEqual([
      ['a', 'breaking', true],
      ['b', 'breaking', true],
      // Announced but the major version was not bumped: not released, so not acceptable by label.
      ['c', 'breaking', false],
      ['d', 'info', false],
    ]);
  });

  it('reads the plan: counts and every delete or replace', () => {
    const { value, diagnostics } = parseGateReport(checkDocument(), 'report.json');
    expect(diagnostics).toEqual([]);
    expect(value.plan).toEqual({
      summary: { add: 1, change: 2, destroy: 2 },
      deletes: [
        { kind: 'Integration', name: 'legacy-export', action: 'delete', reason: 'removed' },
        { kind: 'Contract', name: 'servicenow-table-api', action: 'replace', reason: 'immutable-field' },
      ],
      runtimeRevision: 41,
    });
  });

  it('refuses any other document: a plan file, `diff --format json`, an unknown version', () => {
    const plan = { formatVersion: 2, summary: { add: 0, change: 0, destroy: 0 }, changes: [] };
    expect(parseGateReport(plan, 'plan.json').diagnostics.map((d) => [d.code, d.location?.pointer, d.message])).toEqual([
      ['report-input', '/formatVersion', 'plan.json has gate report formatVersion 2; this Interlock reads 1'],
    ]);
    expect(parseGateReport({ breaking: true, changes: [] }, 'diff.json').diagnostics[0].message).toContain('is not a gate report');
  });

  it('reports malformed entries with their pointer and keeps the rest', () => {
    const { value, diagnostics } = parseGateReport(
      { ...changesOnly([{ file: 'f', changes: [{ id: 'a', level: 'huge', message: 'm' }] }]), diagnostics: [{ severity: 'fatal', code: 'x', message: 'm' }, { severity: 'error', code: 'ok', message: 'm' }], stale: 'nope' },
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
  const report = parseGateReport(checkDocument(), 'a').value;

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
    const only = parseGateReport(changesOnly(checkDocument().contracts), 'r').value;
    only.contracts[0].changes = only.contracts[0].changes.filter((c) => c.announced || c.level !== 'breaking');
    expect(judgeGate(only).conclusion).toBe('failure');
    expect(judgeGate(only, { labels: ['breaking-change-approved'] }).conclusion).toBe('success');
  });
});
