import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FatalError } from '../core/errors.js';
import { DirectorySource, GitRevisionSource } from './file-source.js';

let repo: string;
const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: repo, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });

beforeAll(() => {
  repo = mkdtempSync(path.join(tmpdir(), 'interlock-git-'));
  mkdirSync(path.join(repo, 'ws/integrations/a'), { recursive: true });
  mkdirSync(path.join(repo, 'ws/node_modules/x'), { recursive: true });
  writeFileSync(path.join(repo, 'ws/integrations/a/vendor.yaml'), 'v: 1\n');
  writeFileSync(path.join(repo, 'ws/node_modules/x/skip.yaml'), 'skip: true\n');
  writeFileSync(path.join(repo, 'outside.yaml'), 'o: 1\n');
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'one');
  writeFileSync(path.join(repo, 'ws/integrations/a/vendor.yaml'), 'v: 2\n');
});

afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('GitRevisionSource', () => {
  it('reads a revision of a workspace in a sub-folder without touching the working tree', async () => {
    const source = new GitRevisionSource(path.join(repo, 'ws'), 'HEAD');
    const files = await source.list();
    expect(files.map((f) => f.path)).toEqual(['integrations/a/vendor.yaml']);
    expect(files[0].size).toBe(5);
    expect(await source.read('integrations/a/vendor.yaml')).toBe('v: 1\n');
    expect(readFileSync(path.join(repo, 'ws/integrations/a/vendor.yaml'), 'utf8')).toBe('v: 2\n');
  });

  it('refuses a revision that does not exist', async () => {
    await expect(new GitRevisionSource(repo, 'no-such-branch').list()).rejects.toBeInstanceOf(FatalError);
  });
});

describe('DirectorySource', () => {
  it('lists workspace files, skipping dependency folders', async () => {
    const files = await new DirectorySource(path.join(repo, 'ws')).list();
    expect(files.map((f) => f.path)).toEqual(['integrations/a/vendor.yaml']);
  });
});
