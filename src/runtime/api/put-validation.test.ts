import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../package-files.js';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';

const manifest = (file: string) => parse(readFileSync(path.join(packageRoot(), file), 'utf8')) as { spec: Record<string, unknown> };

describe('admin PUT validates the spec against its kind’s JSON Schema (embedded store)', () => {
  let t: TestRuntime;
  beforeAll(async () => {
    t = await startTestRuntime('embedded');
  });
  afterAll(async () => t?.dispose());

  const put = (kind: string, name: string, body: unknown) => t.fetch(`/v1/resources/${kind}/${name}`, { method: 'PUT', role: 'admin', body: JSON.stringify(body) });

  it('refuses a spec the gate would refuse, stores nothing, and audits the refusal', async () => {
    const res = await put('Integration', 'nope', { spec: { foo: 1, vendor: 'nope' } });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { type: string; errors: { pointer: string; keyword: string; message: string }[] };
    expect(problem.type).toBe('https://interlock.dev/problems/invalid-request');
    expect(problem.errors).toEqual(expect.arrayContaining([{ pointer: '/spec', keyword: 'additionalProperties', message: 'unknown field "foo"' }]));
    expect(problem.errors.filter((e) => e.keyword === 'required').length).toBeGreaterThan(0);
    expect((await t.fetch('/v1/resources/Integration/nope', { role: 'admin' })).status).toBe(404);
    const audited = (await t.runtime.store.audit(0, 1000)).entries.filter((e) => e.action === 'putResource' && e.target === 'Integration/nope');
    expect(audited.map((e) => [e.data.status, e.data.problem])).toEqual([[400, 'invalid-request']]);
    const vendor = await put('Vendor', 'half', { spec: { legalName: 'Half Inc' } });
    expect(vendor.status).toBe(400);
  });

  it('accepts the example workspace’s real specs', async () => {
    const res = await put('Vendor', 'atlassian', { spec: manifest('integrations/atlassian/vendor.yaml').spec });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { spec: { legalName: string } }).spec.legalName).toBe('Atlassian Pty Ltd');
  });

  it('refuses a canary whose Integration spec does not match the schema', async () => {
    const res = await t.fetch('/v1/deliveries/canaries/acme-hooks', { method: 'PUT', role: 'admin', body: JSON.stringify({ percent: 10, spec: { vendor: 'acme', bogus: true } }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toContain('/spec');
  });
});
