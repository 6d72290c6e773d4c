import { describe, expect, it } from 'vitest';
import { checkDocument } from '../../test/fakes/gate-report-fixtures.js';
import { parseGateReport } from './gate-report.js';
import { judgeGate } from './gate-verdict.js';
import { batches, gateAnnotations } from './github-annotations.js';

describe('gateAnnotations', () => {
  const report = parseGateReport(checkDocument(), 'r').value;

  it('annotates every located finding with file and line, blocking ones first', () => {
    const a = gateAnnotations(judgeGate(report));
    expect(a.map((x) => [x.annotation_level, x.title, x.path, x.start_line])).toEqual([
      // Removed: only a base location, so line 1 of the head file, naming the base line.
      ['failure', 'request-parameter-removed (breaking)', 'contracts/servicenow/table-api.openapi.yaml', 1],
      ['failure', 'response-property-removed (breaking, announced)', 'contracts/servicenow/table-api.openapi.yaml', 120],
      ['failure', 'policy/retention', 'integrations/servicenow/servicenow-incidents.yaml', 37],
      ['failure', 'generate-stale', 'generated/servicenow/table-api.ts', 1],
      ['warning', 'policy/expiry', 'integrations/servicenow/vendor.yaml', 29],
      ['notice', 'response-optional-property-added', 'contracts/servicenow/table-api.openapi.yaml', 131],
    ]);
    expect(a[2]).toMatchObject({ start_column: 20, end_column: 20 });
    expect(a[0].message).toContain('it was at line 40 in the base revision');
  });

  it('an approved announced break becomes a notice', () => {
    const a = gateAnnotations(judgeGate(report, { labels: ['breaking-change-approved'] }));
    expect(a.find((x) => x.title.startsWith('response-property-removed'))).toMatchObject({ annotation_level: 'notice', title: 'response-property-removed (breaking, announced, accepted)' });
  });

  it('batches by 50', () => {
    expect(batches(Array.from({ length: 120 }, (_, i) => i)).map((b) => b.length)).toEqual([50, 50, 20]);
    expect(batches([])).toEqual([]);
  });
});
