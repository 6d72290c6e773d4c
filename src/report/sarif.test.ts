import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { checkDocument, manyDiagnostics } from '../../test/fakes/gate-report-fixtures.js';
import { emptyGateReport } from '../engine/gate-report.js';
import { parseGateReport } from './gate-report.js';
import { renderSarif } from './sarif.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const schema = JSON.parse(readFileSync(path.join(here, '../../test/fakes/sarif/sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => void;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

function valid(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

describe('renderSarif', () => {
  const report = parseGateReport(checkDocument(), 'report.json').value;

  it('validates against the SARIF 2.1.0 JSON Schema', () => {
    const log = renderSarif(report, { toolVersion: '0.1.0', docsUrl: 'https://github.com/northwind/interlock/blob/main/docs' });
    expect(valid(log)).toEqual([]);
    // An empty report is a valid scan with no results.
    expect(valid(renderSarif(emptyGateReport(), { toolVersion: '0.1.0' }))).toEqual([]);
    // And the schema is really checking: a result without a message is refused.
    const broken = JSON.parse(JSON.stringify(log)) as { runs: { results: Record<string, unknown>[] }[] };
    delete broken.runs[0].results[0].message;
    expect(valid(broken).length).toBeGreaterThan(0);
  });

  it('describes each rule once and points each result at its file and line', () => {
    const log = renderSarif(report, { toolVersion: '0.1.0' });
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r) => [r.id, r.defaultConfiguration.level])).toEqual([
      ['policy/retention', 'error'],
      ['policy/expiry', 'warning'],
      ['request-parameter-removed', 'error'],
      ['response-property-removed', 'error'],
      ['response-optional-property-added', 'note'],
    ]);
    for (const r of run.tool.driver.rules) expect(r.shortDescription.text.length).toBeGreaterThan(0);
    // Help comes from the rule catalogues by default: policy rules point at their doc page.
    expect(run.tool.driver.rules.find((r) => r.id === 'policy/retention')?.help.text).toContain('docs/policy/retention.md');
    expect(run.tool.driver.rules.find((r) => r.id === 'response-optional-property-added')?.help.text).toContain('docs/compat/rules.md');
    const results = run.results.map((r) => [r.ruleId, run.tool.driver.rules[r.ruleIndex].id, r.level, r.locations?.[0].physicalLocation.artifactLocation.uri, r.locations?.[0].physicalLocation.region]);
    expect(results).toEqual([
      ['policy/retention', 'policy/retention', 'error', 'integrations/servicenow/servicenow-incidents.yaml', { startLine: 37, startColumn: 20 }],
      ['policy/expiry', 'policy/expiry', 'warning', 'integrations/servicenow/vendor.yaml', { startLine: 29, startColumn: 7 }],
      // Removed: located only in the base, so line 1 of the scanned file (the message names line 40).
      ['request-parameter-removed', 'request-parameter-removed', 'error', 'contracts/servicenow/table-api.openapi.yaml', { startLine: 1 }],
      // Announced breaks are warnings in code scanning: accepted through review, still visible.
      ['response-property-removed', 'response-property-removed', 'warning', 'contracts/servicenow/table-api.openapi.yaml', { startLine: 120 }],
      ['response-optional-property-added', 'response-optional-property-added', 'note', 'contracts/servicenow/table-api.openapi.yaml', { startLine: 131 }],
    ]);
  });

  it('prefixes paths for a workspace in a subfolder, encodes them, and keeps fingerprints stable when lines move', () => {
    const r = emptyGateReport();
    r.diagnostics = manyDiagnostics(1);
    r.diagnostics[0].location!.file = 'integrations/my vendor/c.yaml';
    const a = renderSarif(r, { toolVersion: '0.1.0', pathPrefix: 'infra/interlock/' });
    expect(a.runs[0].results[0].locations?.[0].physicalLocation.artifactLocation.uri).toBe('infra/interlock/integrations/my%20vendor/c.yaml');
    expect(valid(a)).toEqual([]);
    r.diagnostics[0].location!.line = 99;
    const b = renderSarif(r, { toolVersion: '0.1.0', pathPrefix: 'infra/interlock/' });
    expect(b.runs[0].results[0].partialFingerprints).toEqual(a.runs[0].results[0].partialFingerprints);
  });

  it('uses rule documentation when a catalogue provides it', () => {
    const log = renderSarif(report, {
      toolVersion: '0.1.0',
      describeRule: (id) => (id === 'request-parameter-removed' ? { shortDescription: 'A request parameter was removed', help: 'Deprecate it first.', helpUri: 'https://example.com/r' } : undefined),
    });
    const rule = log.runs[0].tool.driver.rules.find((r) => r.id === 'request-parameter-removed');
    expect(rule).toMatchObject({ shortDescription: { text: 'A request parameter was removed' }, help: { text: 'Deprecate it first.' }, helpUri: 'https://example.com/r' });
    expect(valid(log)).toEqual([]);
  });
});
