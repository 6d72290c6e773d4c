import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DirectorySource, loadWorkspace } from '../load/index.js';
import { validateWorkspace } from '../validate/index.js';
import { checkWorkspaceCompat } from './workspace-compat.js';

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/e2e/validate-ok/workspace');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function model(edit: (dir: string) => void) {
  const dir = mkdtempSync(path.join(tmpdir(), 'interlock-compat-'));
  dirs.push(dir);
  cpSync(fixture, dir, { recursive: true });
  edit(dir);
  const loaded = await loadWorkspace(new DirectorySource(dir));
  return validateWorkspace(loaded.value).value;
}

const api = 'contracts/acme-itsm/incidents.openapi.yaml';
const manifest = 'contracts/acme-itsm/incidents.contract.yaml';
const integration = 'integrations/acme-itsm/incident-sync.yaml';
const edit = (dir: string, file: string, f: (s: string) => string) => writeFileSync(path.join(dir, file), f(readFileSync(path.join(dir, file), 'utf8')));
/** Head: GET /api/incidents/{id} removed. */
const removeGet = (s: string) => s.replace(/ {2}\/api\/incidents\/\{id\}:[\s\S]*?(?=components:)/, '');
const ANNOUNCE = `  announcements:\n    - change: api-path-removed-without-deprecation\n      operation: "GET /api/incidents/{incidentId}"\n      date: 2026-10-01\n      reason: "Acme retired the endpoint; we read incidents from webhooks"\n`;

describe('checkWorkspaceCompat', () => {
  it('fails a breaking change to an operation an integration uses, located in the head', async () => {
    const base = await model(() => {});
    const head = await model((d) => edit(d, api, removeGet));
    const r = await checkWorkspaceCompat({ base, head, now: new Date('2026-11-01') });
    const d = r.diagnostics.find((x) => x.code === 'compat/api-path-removed-without-deprecation');
    expect(d?.severity).toBe('error');
    expect(d?.data).toMatchObject({ contract: 'acme-incidents', operation: { method: 'GET', path: '/api/incidents/{id}' } });
    expect(d?.location?.file).toBe(api);
  });

  it('reports a breaking change no integration uses as info', async () => {
    const base = await model((d) => edit(d, integration, (s) => s.replace('[createIncident, getIncident]', '[createIncident]')));
    const head = await model((d) => {
      edit(d, api, removeGet);
      edit(d, integration, (s) => s.replace('[createIncident, getIncident]', '[createIncident]'));
    });
    const r = await checkWorkspaceCompat({ base, head, now: new Date('2026-11-01') });
    const d = r.diagnostics.find((x) => x.code === 'compat/api-path-removed-without-deprecation');
    expect(d?.severity).toBe('info');
    expect(d?.data?.downgraded).toBe('unused');
  });

  it('passes an announced change only with a major version bump', async () => {
    const base = await model(() => {});
    const announcedNoBump = await model((d) => {
      edit(d, api, removeGet);
      edit(d, manifest, (s) => s + ANNOUNCE);
    });
    const announcedBump = await model((d) => {
      edit(d, api, removeGet);
      edit(d, manifest, (s) => s.replace('version: 1.2.0', 'version: 2.0.0') + ANNOUNCE);
    });
    const noBump = await checkWorkspaceCompat({ base, head: announcedNoBump, now: new Date('2026-11-01') });
    expect(noBump.diagnostics.find((x) => x.code === 'compat/api-path-removed-without-deprecation')?.severity).toBe('error');
    const bump = await checkWorkspaceCompat({ base, head: announcedBump, now: new Date('2026-11-01') });
    const d = bump.diagnostics.find((x) => x.code === 'compat/api-path-removed-without-deprecation');
    expect(d?.severity).toBe('info');
    expect(d?.data?.downgraded).toBe('announced');
    expect(bump.value[0]).toMatchObject({ contract: 'acme-incidents', baseVersion: '1.2.0', headVersion: '2.0.0' });
  });

  it('skips contracts whose description did not change', async () => {
    const base = await model(() => {});
    const head = await model(() => {});
    const r = await checkWorkspaceCompat({ base, head, now: new Date('2026-11-01') });
    expect(r.value).toEqual([]);
    expect(r.diagnostics).toEqual([]);
  });
});
