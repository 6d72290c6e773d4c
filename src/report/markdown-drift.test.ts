import { describe, expect, it } from 'vitest';
import { DRIFT_MARKER, parseDriftReport, renderDriftIssue } from './markdown-drift.js';

describe('parseDriftReport', () => {
  it('reads a plan-like document: non-noop changes are drift, with their fields', () => {
    const { value, diagnostics } = parseDriftReport(
      {
        runtimeRevision: 12,
        runtimeCommit: 'abcdef1234567890',
        changes: [
          { action: 'update', kind: 'Integration', name: 'servicenow-incidents', diff: [{ pointer: '/spec/enabled' }, { pointer: '/labels/tier' }] },
          { action: 'noop', kind: 'Vendor', name: 'servicenow', diff: [] },
          { action: 'create', kind: 'Integration', name: 'jira-sync', diff: [] },
        ],
      },
      'drift.json',
    );
    expect(diagnostics).toEqual([]);
    expect(value).toEqual({
      drifted: true,
      commit: 'abcdef1234567890',
      revision: 12,
      items: [
        { id: 'Integration/servicenow-incidents', action: 'update', fields: ['/spec/enabled', '/labels/tier'] },
        { id: 'Integration/jira-sync', action: 'create', fields: [] },
      ],
    });
  });

  it('an explicit flag wins; an empty list is no drift; a shapeless document is an input error', () => {
    expect(parseDriftReport({ drifted: false, items: [] }, 'f').value.drifted).toBe(false);
    expect(parseDriftReport({ drift: [] }, 'f').value.drifted).toBe(false);
    expect(parseDriftReport({ inSync: false }, 'f').value.drifted).toBe(true);
    // The shape `interlock drift --format json` prints.
    const drift = parseDriftReport({ drift: true, commit: null, runtimeRevision: 3, changes: [{ action: 'update', kind: 'Vendor', name: 'v', diff: [{ pointer: '/spec/riskTier' }] }] }, 'f').value;
    expect(drift).toEqual({ drifted: true, revision: 3, items: [{ id: 'Vendor/v', action: 'update', fields: ['/spec/riskTier'] }] });
    expect(parseDriftReport({ drift: false, commit: 'abc', runtimeRevision: 3, changes: [] }, 'f').value.drifted).toBe(false);
    expect(parseDriftReport({ hello: 1 }, 'f').diagnostics.map((d) => d.code)).toEqual(['report-input']);
  });
});

describe('renderDriftIssue', () => {
  it('lists each drifted resource and its fields under the marker', () => {
    const { title, body } = renderDriftIssue(
      { drifted: true, items: [{ id: 'Integration/a', action: 'update', fields: ['/spec/enabled'] }] },
      { now: '2026-11-22T03:00:00Z', runUrl: 'https://github.com/o/r/actions/runs/1' },
    );
    expect(title).toBe('Interlock: the runtime has drifted from git');
    expect(body.startsWith(DRIFT_MARKER)).toBe(true);
    expect(body).toContain('| `Integration/a` | update | `/spec/enabled` |');
    expect(body).toContain('2026-11-22 03:00 UTC');
  });

  it('stays within the limit', () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({ id: `Integration/i-${i}`, action: 'update', fields: ['/spec/x'] }));
    const { body } = renderDriftIssue({ drifted: true, items }, { now: '2026-11-22T03:00:00Z', limit: 10_000 });
    expect(body.length).toBeLessThanOrEqual(10_000);
    expect(body).toContain('**Truncated:**');
  });
});
