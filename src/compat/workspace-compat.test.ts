import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DirectorySource, loadWorkspace } from '../load/index.js';
import { validateWorkspace } from '../validate/index.js';
import { checkWorkspaceCompat, type ContractCompat } from './workspace-compat.js';

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

const changeOf = (compared: ContractCompat[], id: string) => compared.flatMap((c) => c.changes).find((c) => c.id === id);

describe('checkWorkspaceCompat', () => {
  it('fails a breaking change to an operation an integration uses, located in the head', async () => {
    const base = await model(() => {});
    const head = await model((d) => edit(d, api, removeGet));
    const r = await checkWorkspaceCompat({ base, head, now: new Date('2026-11-01') });
    expect(r.value[0].contract).toBe('acme-incidents');
    const c = changeOf(r.value, 'api-path-removed-without-deprecation');
    expect(c).toMatchObject({ level: 'breaking', status: 'unannounced', operation: { method: 'GET', path: '/api/incidents/{id}' } });
    expect(c?.data?.remedy).toMatchObject({ of: 'contract', from: '1.2.0', to: '1.2.0', announcedWithoutBump: false, target: 'operation: "GET /api/incidents/{id}"' });
    expect(c?.head?.file ?? c?.base?.file).toBe(api);
  });

  it('reports a breaking change no integration uses as info', async () => {
    const base = await model((d) => edit(d, integration, (s) => s.replace('[createIncident, getIncident]', '[createIncident]')));
    const head = await model((d) => {
      edit(d, api, removeGet);
      edit(d, integration, (s) => s.replace('[createIncident, getIncident]', '[createIncident]'));
    });
    const r = await checkWorkspaceCompat({ base, head, now: new Date('2026-11-01') });
    const c = changeOf(r.value, 'api-path-removed-without-deprecation');
    expect(c).toMatchObject({ level: 'info', status: 'unused', data: { unused: { operations: ['getIncident'] } } });
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
    expect(changeOf(noBump.value, 'api-path-removed-without-deprecation')).toMatchObject({ level: 'breaking', status: 'unannounced', data: { remedy: { announcedWithoutBump: true } } });
    const bump = await checkWorkspaceCompat({ base, head: announcedBump, now: new Date('2026-11-01') });
    expect(changeOf(bump.value, 'api-path-removed-without-deprecation')).toMatchObject({ level: 'info', status: 'announced', data: { announcement: { date: '2026-10-01' } } });
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

describe('checkWorkspaceCompat for GraphQL contracts', () => {
  const SDL = 'type Query {\n  issue(id: ID!): Issue\n}\n\ntype Issue {\n  id: ID!\n  title: String\n  body: String\n}\n';
  const setup = (sdl: string) => (dir: string) => {
    writeFileSync(path.join(dir, 'contracts/acme-itsm/issues.graphql'), sdl);
    writeFileSync(path.join(dir, 'contracts/acme-itsm/issues.contract.yaml'), 'apiVersion: interlock.dev/v1\nkind: Contract\nmetadata:\n  name: acme-issues\nspec:\n  vendor: acme-itsm\n  format: graphql\n  source: issues.graphql\n  version: 1.0.0\n');
    const integration = readFileSync(path.join(dir, 'integrations/acme-itsm/incident-sync.yaml'), 'utf8')
      .replace('name: incident-sync', 'name: issue-sync')
      .replace('{ ref: acme-incidents, version: ^1.0.0 }', '{ ref: acme-issues, version: ^1.0.0 }')
      .replace('[createIncident, getIncident]', '[operations/getIssue.graphql]');
    writeFileSync(path.join(dir, 'integrations/acme-itsm/issue-sync.yaml'), integration);
    const ops = path.join(dir, 'integrations/acme-itsm/operations');
    mkdirSync(ops, { recursive: true });
    writeFileSync(path.join(ops, 'getIssue.graphql'), 'query GetIssue($id: ID!) {\n  issue(id: $id) {\n    id\n    title\n  }\n}\n');
  };

  it('fails a removed field an operation document uses, and the document that no longer validates', async () => {
    const base = await model(setup(SDL));
    const head = await model(setup(SDL.replace('  title: String\n', '')));
    const r = await checkWorkspaceCompat({ base, head, now: new Date('2026-11-01') });
    expect(changeOf(r.value, 'field-removed')).toMatchObject({ level: 'breaking', status: 'unannounced', path: 'Issue.title' });
    expect(r.diagnostics.find((d) => d.code === 'compat/graphql-operation-invalid')).toMatchObject({ severity: 'error', location: { file: 'integrations/acme-itsm/operations/getIssue.graphql', line: 4, column: 5 } });
  });

  it('reports a removed field no operation document uses as info', async () => {
    const base = await model(setup(SDL));
    const head = await model(setup(SDL.replace('  body: String\n', '')));
    const r = await checkWorkspaceCompat({ base, head, now: new Date('2026-11-01') });
    expect(changeOf(r.value, 'field-removed')).toMatchObject({ level: 'info', status: 'unused', path: 'Issue.body', data: { unused: { coordinate: 'Issue.body' } } });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
