import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimSandboxDir, processAlive, removeStaleSandboxDirs } from './stale-dirs.js';

describe('stale sandbox folders', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
  });
  const root = () => {
    const r = mkdtempSync(path.join(tmpdir(), 'interlock-stale-test-'));
    roots.push(r);
    return r;
  };

  it('removes the folders whose owner is gone and keeps those of live owners, unowned ones and other names', async () => {
    const r = root();
    const dir = (name: string) => {
      mkdirSync(path.join(r, name));
      writeFileSync(path.join(r, name, 'marker'), 'x');
      return path.join(r, name);
    };
    const gone = dir('interlock-sandbox-gone');
    await claimSandboxDir(gone, 4001);
    const live = dir('interlock-sandbox-live');
    await claimSandboxDir(live, 4002);
    const mine = dir('interlock-sandbox-mine');
    await claimSandboxDir(mine);
    const unowned = dir('interlock-sandbox-starting');
    const garbled = dir('interlock-sandbox-garbled');
    writeFileSync(path.join(garbled, 'owner.json'), '{"pid": "x"}');
    const other = dir('other-gone');
    await claimSandboxDir(other, 4001);
    // A link named like a sandbox folder is not followed.
    const target = dir('link-target');
    await claimSandboxDir(target, 4001);
    symlinkSync(target, path.join(r, 'interlock-sandbox-link'));

    const removed = await removeStaleSandboxDirs(r, (pid) => pid === 4002);
    expect(removed).toEqual([gone]);
    expect([gone, live, mine, unowned, garbled, other, target].map((d) => existsSync(d))).toEqual([false, true, true, true, true, true, true]);
  });

  it('a missing root removes nothing', async () => {
    expect(await removeStaleSandboxDirs(path.join(root(), 'missing'))).toEqual([]);
  });

  it('tells a running process from an ended one', () => {
    expect(processAlive(process.pid)).toBe(true);
    // Beyond the kernel's largest pid (4,194,304 on Linux): no process can have it.
    expect(processAlive(2 ** 22 + 1)).toBe(false);
  });
});
