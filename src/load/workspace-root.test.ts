import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSettings } from './settings.js';
import { findWorkspaceRoot, workspaceRootAt } from './workspace-root.js';

const top = mkdtempSync(path.join(tmpdir(), 'interlock-root-'));
afterAll(() => rmSync(top, { recursive: true, force: true }));

function dir(...parts: string[]): string {
  const d = path.join(top, ...parts);
  mkdirSync(d, { recursive: true });
  return d;
}

describe('findWorkspaceRoot', () => {
  it('prefers the nearest interlock.yaml above, even over a nearer integrations/ folder', () => {
    writeFileSync(path.join(dir('marked'), 'interlock.yaml'), 'environment: production\n');
    dir('marked', 'sub', 'integrations');
    expect(findWorkspaceRoot(dir('marked', 'sub', 'integrations', 'acme'))).toEqual({ dir: path.join(top, 'marked'), reason: 'marker' });
  });

  it('falls back to the nearest folder holding integrations/ or contracts/', () => {
    dir('plain', 'contracts', 'acme');
    expect(findWorkspaceRoot(dir('plain', 'contracts', 'acme'))).toEqual({ dir: path.join(top, 'plain'), reason: 'folders' });
    expect(workspaceRootAt(path.join(top, 'plain'))).toEqual({ dir: path.join(top, 'plain'), reason: 'folders' });
  });

  it('finds nothing outside any workspace', () => {
    expect(findWorkspaceRoot(dir('nowhere', 'deep'))).toBeUndefined();
    expect(workspaceRootAt(dir('nowhere'))).toBeUndefined();
  });
});

describe('parseSettings', () => {
  it('reads the environment, defaulting to production', () => {
    expect(parseSettings('interlock.yaml', 'environment: sandbox\n')).toEqual({ value: { environment: 'sandbox' }, diagnostics: [] });
    expect(parseSettings('interlock.yaml', '# only marks the root\n').value).toEqual({ environment: 'production' });
  });

  it('refuses an unknown environment, located', () => {
    const r = parseSettings('interlock.yaml', 'name: x\nenvironment: staging\n');
    expect(r.value.environment).toBe('production');
    expect(r.diagnostics.map((d) => [d.code, d.location?.line, d.location?.column])).toEqual([['settings', 2, 1]]);
  });
});
