import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../package-files.js';
import { createChange, updateChange } from '../../../test/support/resource-specs.js';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';

interface Problem {
  type: string;
  status: number;
  errors: { pointer: string; keyword: string; message: string }[];
}

const manifest = (file: string) => parse(readFileSync(path.join(packageRoot(), file), 'utf8')) as { spec: Record<string, unknown> };
const SHA = `sha256:${'a'.repeat(64)}`;

/** Issue 12 item 9: an apply is a way in too, so its specs are held to the kinds' JSON Schemas like `PUT`'s. */
describe('POST /v1/apply validates each spec against its kind’s JSON Schema (embedded store)', () => {
  let t: TestRuntime;
  beforeAll(async () => {
    t = await startTestRuntime('embedded');
  });
  afterAll(async () => t?.dispose());

  const apply = (changes: unknown[], expectedRevision?: number) =>
    t.runtime.store.revision().then((revision) => t.fetch('/v1/apply', { method: 'POST', role: 'operator', body: JSON.stringify({ expectedRevision: expectedRevision ?? revision, changes }) }));

  /** Posts `changes`, expects a 400 invalid-request problem and no change to the state; returns the problem. */
  async function refused(changes: unknown[]): Promise<Problem> {
    const before = await t.runtime.store.revision();
    const res = await apply(changes, before);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = (await res.json()) as Problem;
    expect(problem).toMatchObject({ type: 'https://interlock.dev/problems/invalid-request', status: 400 });
    expect(await t.runtime.store.revision()).toBe(before);
    return problem;
  }

  it('refuses {"foo":1,"vendor":"nope"} as an Integration: one located error per violation, nothing stored, refusal audited', async () => {
    const problem = await refused([{ action: 'create', kind: 'Integration', name: 'nope', spec: { foo: 1, vendor: 'nope' } }]);
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { pointer: '/changes/0/spec', keyword: 'additionalProperties', message: 'unknown field "foo"' },
        ...['contract', 'direction', 'endpoint', 'auth'].map((field) => ({ pointer: '/changes/0/spec', keyword: 'required', message: `must have required property '${field}'` })),
      ]),
    );
    expect((await t.fetch('/v1/resources/Integration/nope', { role: 'admin' })).status).toBe(404);
    const audited = (await t.runtime.store.audit(0, 1000)).entries.filter((e) => e.action === 'applyChanges' && e.data.status === 400);
    expect(audited.map((e) => e.data.problem)).toEqual(['invalid-request']);
  });

  it('locates a nested violation in any change of the batch, and refuses the whole batch', async () => {
    const problem = await refused([createChange('Vendor', 'fine'), createChange('Vendor', 'bad', { riskTier: 'extreme' })]);
    expect(problem.errors.map((e) => [e.pointer, e.keyword])).toEqual([['/changes/1/spec/riskTier', 'enum']]);
    expect((await t.fetch('/v1/resources/Vendor/fine', { role: 'admin' })).status).toBe(404);
  });

  it('refuses an update that would make a stored spec invalid', async () => {
    expect((await apply([createChange('Vendor', 'acme')])).status).toBe(200);
    const problem = await refused([{ ...updateChange('Vendor', 'acme'), spec: { legalName: 'Acme' } }]);
    expect(problem.errors.map((e) => e.pointer)).toEqual(['/changes/0/spec', '/changes/0/spec', '/changes/0/spec']);
    expect((await t.client('admin').getResource('Vendor', 'acme')).spec).toMatchObject({ riskTier: 'low' });
  });

  it('accepts the hashes plan adds (contentHash, adapterHash) and nothing else outside the schema', async () => {
    const res = await apply([createChange('Contract', 'acme-api', { contentHash: SHA }), createChange('Integration', 'acme-crm', { adapterHash: SHA })]);
    expect(res.status).toBe(200);
    const wrongField = await refused([createChange('Vendor', 'hashed', { contentHash: SHA })]);
    expect(wrongField.errors).toEqual([{ pointer: '/changes/0/spec', keyword: 'additionalProperties', message: 'unknown field "contentHash"' }]);
    const notAHash = await refused([createChange('Contract', 'not-a-hash', { contentHash: 'sha256:nope' })]);
    expect(notAHash.errors.map((e) => e.message)).toEqual(['unknown field "contentHash"']);
  });

  it('accepts the example workspace’s real specs and still lets deletes through', async () => {
    const res = await apply([{ action: 'create', kind: 'Vendor', name: 'atlassian', spec: manifest('integrations/atlassian/vendor.yaml').spec }]);
    expect(res.status).toBe(200);
    expect((await apply([{ action: 'delete', kind: 'Vendor', name: 'atlassian' }])).status).toBe(200);
  });

  it('counts a refused spec as an invalid apply', async () => {
    await refused([{ action: 'create', kind: 'Integration', name: 'counted', spec: { foo: 1 } }]);
    const metrics = await (await t.fetch('/metrics', { role: null })).text();
    expect(metrics).toMatch(/^interlock_apply_total\{outcome="invalid"\} [1-9]\d*$/m);
  });
});
