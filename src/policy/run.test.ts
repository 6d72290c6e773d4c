import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../core/diagnostic.js';
import { parseDay } from './dates.js';
import { loadExample, overlay, type Overlay } from './examples/load.js';
import { runPolicies } from './run.js';
import { INTEGRATION, integrationYaml, VENDOR, vendorYaml } from '../../test/support/policy-fixtures.js';

const now = parseDay('2026-06-01')!;
const HTTP = { [INTEGRATION]: integrationYaml({ endpoint: "{ baseUrl: 'http://api.acme.example' }" }) };

async function run(files: Overlay, author?: string): Promise<Diagnostic[]> {
  const { model, ok, diagnostics } = await loadExample(overlay(files));
  expect(ok, JSON.stringify(diagnostics)).toBe(true);
  return (await runPolicies(model, { now, ...(author ? { author } : {}) })).diagnostics;
}

const brief = (ds: Diagnostic[]) => ds.map((d) => `${d.severity} ${d.code} ${d.location?.file}:${d.location?.line}`).sort();

const ruleset = (rules: string) => ({ 'policies/ruleset.yaml': `apiVersion: interlock.dev/v1\nkind: Ruleset\nmetadata: { name: rules }\nspec: { rules: ${rules} }\n` });
const waiver = (rule: string, resource: string, expires: string) => ({
  'policies/waiver.yaml': `apiVersion: interlock.dev/v1\nkind: Waiver\nmetadata: { name: w }\nspec: { rule: ${rule}, resource: ${resource}, reason: Relay migration, approver: jonas-berg, expires: '${expires}' }\n`,
});

describe('runPolicies', () => {
  it('reports a rule at its default severity with a policy/<id> code and located data', async () => {
    const ds = await run(HTTP);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ severity: 'error', code: 'policy/transport', location: { file: INTEGRATION, pointer: '/spec/endpoint/baseUrl', line: 8 }, data: { rule: 'transport', messageId: 'notHttps', resource: 'Integration/ticket-sync' } });
  });

  it('takes severities from the Ruleset, and off switches a rule off', async () => {
    expect(brief(await run({ ...HTTP, ...ruleset('{ transport: warning }') }))).toEqual([`warning policy/transport ${INTEGRATION}:8`]);
    expect(await run({ ...HTTP, ...ruleset('{ transport: off }') })).toEqual([]);
  });

  it('reports an unknown rule id in a Ruleset with suggestions', async () => {
    const ds = await run(ruleset('{ transprt: error }'));
    expect(ds).toMatchObject([{ severity: 'error', code: 'policy/unknown-rule', suggest: ['transport'], location: { file: 'policies/ruleset.yaml', line: 4 } }]);
  });

  it('an unexpired waiver turns the finding into info naming the waiver', async () => {
    const ds = await run({ ...HTTP, ...waiver('transport', 'Integration/ticket-sync', '2026-12-01') });
    expect(ds.filter((d) => d.code === 'policy/transport')).toMatchObject([{ severity: 'info', data: { waivedBy: 'Waiver/w' } }]);
    expect(ds.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('an expired waiver stops waiving and is itself a warning', async () => {
    const ds = await run({ ...HTTP, ...waiver('transport', 'Integration/ticket-sync', '2026-06-01') });
    expect(brief(ds)).toEqual([`error policy/transport ${INTEGRATION}:8`, 'warning policy/waiver-expired policies/waiver.yaml:4']);
  });

  it('a waiver for another resource or rule does not waive', async () => {
    const ds = await run({ ...HTTP, ...waiver('retention', 'Integration/ticket-sync', '2026-12-01') });
    expect(ds.filter((d) => d.code === 'policy/transport').map((d) => d.severity)).toEqual(['error']);
  });

  it('a waiver of the onboarding gate for a vendor also covers its enabled integrations', async () => {
    const ds = await run({ [VENDOR]: vendorYaml({ assessment: null }), ...waiver('onboarding-gate', 'Vendor/acme', '2026-12-01') });
    expect(ds.filter((d) => d.code === 'policy/onboarding-gate').map((d) => `${d.severity} ${d.data?.messageId}`).sort()).toEqual(['info assessmentMissing', 'info integrationEnabled']);
  });

  it('a waiver naming an unknown rule is an error', async () => {
    const ds = await run(waiver('transprt', 'Vendor/acme', '2026-12-01'));
    expect(ds).toMatchObject([{ code: 'policy/unknown-rule', location: { file: 'policies/waiver.yaml' } }]);
  });

  it('a malformed access model is a located error, not a crash', async () => {
    const ds = await run({ 'policies/access.conf': '[request_definition]\nr = sub, obj, act\n' });
    expect(ds).toMatchObject([{ severity: 'error', code: 'policy/access-model', location: { file: 'policies/access.conf' } }]);
  });

  it('passes the author to the approvals rule', async () => {
    const files = { [VENDOR]: vendorYaml({ extra: "  approvals:\n    - { by: maria-lopez, role: vendor-risk, at: '2026-01-25T10:00:00Z' }" }) };
    expect(await run(files)).toEqual([]);
    expect((await run(files, 'maria-lopez')).map((d) => d.data?.messageId)).toEqual(['selfApproval']);
  });
});
