import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DirectorySource, loadWorkspace } from '../load/index.js';
import { validateWorkspace } from '../validate/index.js';
import { sha256Hex, specHash } from '../core/canonical-json.js';
import { compileDesired } from './desired.js';
import { MANAGED_BY_LABEL } from './resource.js';

const fixture = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/e2e/validate-ok/workspace');

describe('compileDesired', async () => {
  const loaded = await loadWorkspace(new DirectorySource(fixture));
  const { value: model } = validateWorkspace(loaded.value);

  it('compiles every runtime kind, owner-labelled and hashed', () => {
    const out = compileDesired(model, { workspaceId: 'team-a' });
    expect(out.map((r) => `${r.kind}/${r.name}`).sort()).toEqual(['Contract/acme-incidents', 'Integration/incident-sync', 'Vendor/acme-itsm']);
    for (const r of out) {
      expect(r.labels[MANAGED_BY_LABEL]).toBe('team-a');
      expect(r.hash).toBe(specHash(r.spec));
    }
  });

  it('carries the content hash of a contract API description', () => {
    const contract = compileDesired(model, { workspaceId: 'w' }).find((r) => r.kind === 'Contract')!;
    const text = model.workspace.files.get('contracts/acme-itsm/incidents.openapi.yaml')!.text!;
    expect(contract.spec.contentHash).toBe(`sha256:${sha256Hex(text)}`);
  });

  it('changes the contract hash when its description changes', () => {
    const file = model.workspace.files.get('contracts/acme-itsm/incidents.openapi.yaml')!;
    const before = compileDesired(model, { workspaceId: 'w' }).find((r) => r.kind === 'Contract')!.hash;
    const original = file.text;
    file.text = `${original}\n# edited\n`;
    try {
      expect(compileDesired(model, { workspaceId: 'w' }).find((r) => r.kind === 'Contract')!.hash).not.toBe(before);
    } finally {
      file.text = original;
    }
  });

  it('hashes a generated adapter folder when the workspace holds one', () => {
    model.workspace.files.set('generated/incident-sync/client.ts', { path: 'generated/incident-sync/client.ts', role: 'other', size: 3, text: 'x=1' });
    try {
      const integration = compileDesired(model, { workspaceId: 'w' }).find((r) => r.kind === 'Integration')!;
      expect(integration.spec.adapterHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    } finally {
      model.workspace.files.delete('generated/incident-sync/client.ts');
    }
  });
});
