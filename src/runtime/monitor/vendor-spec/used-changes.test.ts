import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { ResourceRecord } from '../../../core/runtime-api.js';
import { usedChanges } from './used-changes.js';
import { watchedContracts } from './watched-contracts.js';

const committed = readFileSync(new URL('../../../../contracts/servicenow/table-api.openapi.yaml', import.meta.url), 'utf8');
const without = (id: string) => {
  const doc = parse(committed) as { paths: Record<string, Record<string, { operationId?: string }>> };
  for (const item of Object.values(doc.paths)) for (const [m, op] of Object.entries(item)) if (op?.operationId === id) delete item[m];
  return stringify(doc);
};
const now = new Date('2026-12-01T00:00:00Z');

describe('usedChanges', () => {
  it('keeps a removed operation the workspace uses, and leaves out one it does not', async () => {
    const used = await usedChanges({ file: 'a.yaml', text: committed }, { file: 'b.yaml', text: without('getIncident') }, ['getIncident'], now);
    expect(used).toMatchObject({ ok: true, findings: [{ id: 'api-removed-without-deprecation', level: 'breaking', where: 'GET /api/now/table/incident/{sys_id}', operationId: 'getIncident' }] });
    expect(await usedChanges({ file: 'a.yaml', text: committed }, { file: 'b.yaml', text: without('getIncident') }, ['createIncident'], now)).toEqual({ ok: true, findings: [] });
  });

  it('says why a published description that is not one cannot be compared', async () => {
    const used = await usedChanges({ file: 'a.yaml', text: committed }, { file: 'b.yaml', text: '<html>maintenance</html>' }, ['getIncident'], now);
    expect(used.ok).toBe(false);
  });
});

const resource = (kind: string, name: string, spec: Record<string, unknown>): ResourceRecord => ({ kind, name, spec, labels: {}, hash: '', protect: false, revision: 1, updatedAt: now.toISOString() });

describe('watchedContracts', () => {
  it('watches contracts with an http(s) upstream that an integration is on, with the union of their uses', () => {
    const watched = watchedContracts([
      resource('Contract', 'c', { format: 'openapi', upstream: { source: 'https://vendor.example/openapi.json', sha256: 'a'.repeat(64) }, contentHash: 'sha256:x' }),
      resource('Contract', 'local-file', { format: 'openapi', upstream: { source: 'full.yaml', sha256: 'a'.repeat(64) } }),
      resource('Contract', 'unused', { format: 'openapi', upstream: { source: 'https://vendor.example/other.json', sha256: 'a'.repeat(64) } }),
      resource('Integration', 'one', { contract: { ref: 'c' }, uses: ['b', 'a'], endpoint: { localTesting: true } }),
      resource('Integration', 'two', { contract: { ref: 'c' }, uses: ['a'], endpoint: {} }),
      resource('Integration', 'three', { contract: { ref: 'local-file' }, uses: ['a'] }),
    ]);
    expect(watched).toEqual([{ name: 'c', format: 'openapi', url: 'https://vendor.example/openapi.json', baselineHash: 'a'.repeat(64), contentHash: 'sha256:x', used: ['a', 'b'], integrations: ['one', 'two'], localTesting: false }]);
  });
});
