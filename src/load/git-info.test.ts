import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { filesBeforeCommit, readGitInfo, resolveRevision } from './git-info.js';

const dir = mkdtempSync(path.join(tmpdir(), 'interlock-git-info-'));
const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.com' } });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('git info', () => {
  it('is null outside a repository', async () => {
    expect(await readGitInfo(dir)).toBeNull();
  });

  it('reads commit, author and dirtiness, resolves branches, and lists files before a commit', async () => {
    git('init', '-q', '-b', 'main');
    writeFileSync(path.join(dir, 'a.yaml'), 'a: 1\n');
    writeFileSync(path.join(dir, 'b.yaml'), 'b: 1\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'one');
    const first = git('rev-parse', 'HEAD').trim();
    expect(await readGitInfo(dir)).toEqual({ commit: first, author: 'Ada <ada@example.com>', dirty: false });
    writeFileSync(path.join(dir, 'a.yaml'), 'a: 2\n');
    expect((await readGitInfo(dir))?.dirty).toBe(true);
    writeFileSync(path.join(dir, 'c.yaml'), 'c: 1\n');
    git('add', '-A');
    git('commit', '-q', '-m', 'two');
    const second = git('rev-parse', 'HEAD').trim();
    expect(await resolveRevision(dir, 'main')).toBe(second);
    await expect(resolveRevision(dir, 'nope')).rejects.toThrow(/Unknown git revision/);
    expect(await filesBeforeCommit(dir, second)).toEqual([
      { path: 'a.yaml', previous: 'a: 1\n' },
      { path: 'c.yaml', previous: null },
    ]);
  });
});
