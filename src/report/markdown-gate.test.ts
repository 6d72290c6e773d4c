import { describe, expect, it } from 'vitest';
import { checkDocument, manyDiagnostics } from '../../test/fakes/gate-report-fixtures.js';
import { emptyGateReport } from '../engine/gate-report.js';
import { parseGateReport } from './gate-report.js';
import { judgeGate } from './gate-verdict.js';
import { GITHUB_COMMENT_LIMIT, REPORT_MARKER, renderGateMarkdown } from './markdown-gate.js';
import { mdCode, mdText } from './markdown-text.js';

const report = parseGateReport(checkDocument(), 'a').value;
const links = { serverUrl: 'https://github.com', repository: 'northwind/interlock', sha: 'f'.repeat(40) };

describe('renderGateMarkdown', () => {
  it('starts with the marker and puts the summary before the collapsible details', () => {
    const { body, truncated } = renderGateMarkdown(report, judgeGate(report), { links });
    expect(truncated).toBe(false);
    expect(body.startsWith(`${REPORT_MARKER}\n### ❌`)).toBe(true);
    const summaryEnd = body.indexOf('<details>');
    const summary = body.slice(0, summaryEnd);
    // Plan counts and every delete are in the summary, not hidden in details.
    expect(summary).toContain('| Plan | 1 to add, 2 to change, 2 to destroy |');
    expect(summary).toContain('delete `Integration/legacy-export`');
    expect(summary).toContain('replace (delete, then create) `Contract/servicenow-table-api`');
    expect(summary).toContain('`request-parameter-removed`');
    // A removal names its base line instead of linking a head line that means something else.
    expect(summary).toContain(`[\`contracts/servicenow/table-api.openapi.yaml\`](https://github.com/northwind/interlock/blob/${'f'.repeat(40)}/contracts/servicenow/table-api.openapi.yaml) (base line 40)`);
    expect(summary).toContain('`policy/retention`');
    expect(summary).toContain('`generated/servicenow/table-api.ts`');
    expect(summary).toContain('add the `breaking-change-approved` label');
    // File locations link to the head commit.
    expect(summary).toContain(`(https://github.com/northwind/interlock/blob/${'f'.repeat(40)}/integrations/servicenow/servicenow-incidents.yaml#L37)`);
    expect(body.slice(summaryEnd)).toContain('`response-optional-property-added`');
    expect(body.match(/<details>/g)?.length).toBe(body.match(/<\/details>/g)?.length);
  });

  it('records who accepted announced breaking changes', () => {
    const v = judgeGate(report, { labels: ['breaking-change-approved'], approvedBy: { login: 'maria-lopez', at: '2026-11-21T10:00:00Z' } });
    const { body } = renderGateMarkdown(report, v);
    expect(body).toContain('accepted with the `breaking-change-approved` label by @maria-lopez on 2026-11-21');
  });

  it('says the gate passes on a clean report', () => {
    const clean = emptyGateReport();
    const { body } = renderGateMarkdown(clean, judgeGate(clean));
    expect(body).toContain('### ✅ Interlock: the gate passes');
    expect(body).toContain('| Plan | not run |');
    expect(body).not.toContain('<details>');
  });

  it('truncates an oversized report under 65,536 characters, keeps the summary, closes details and points to the artifact', () => {
    const big = emptyGateReport();
    big.diagnostics = manyDiagnostics(3000, 120);
    const artifactUrl = 'https://github.com/northwind/interlock/actions/runs/99';
    const { body, truncated, fullLength } = renderGateMarkdown(big, judgeGate(big), { links, artifactUrl });
    expect(fullLength).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    expect(truncated).toBe(true);
    expect(body.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(body.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT - 2000);
    expect(body.startsWith(REPORT_MARKER)).toBe(true);
    expect(body).toContain('| Validation and policy | 3000 errors, 0 warnings |');
    expect(body).toContain('… and 2980 more');
    expect(body).toContain(`**Truncated:**`);
    expect(body).toContain(`(${artifactUrl})`);
    expect(body.match(/<details>/g)?.length).toBe(body.match(/<\/details>/g)?.length);
  });

  it('respects a smaller limit too', () => {
    const big = emptyGateReport();
    big.diagnostics = manyDiagnostics(200);
    const { body, truncated } = renderGateMarkdown(big, judgeGate(big), { limit: 4000 });
    expect(truncated).toBe(true);
    expect(body.length).toBeLessThanOrEqual(4000);
  });
});

describe('markdown escaping', () => {
  it('keeps user text from breaking tables, opening HTML or closing code spans', () => {
    expect(mdText('a|b <script> *x*\nnext')).toBe('a\\|b &lt;script&gt; \\*x\\* next');
    expect(mdCode('has `tick`')).toBe('`` has `tick` ``');
    expect(mdCode('a|b')).toBe('`a\\|b`');
  });
});
