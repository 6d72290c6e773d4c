/**
 * The pull-request gate end to end, in process: `interlock check --base main --format json` on a git
 * repository with a contract change, then `interlock report github` against the fake GitHub API.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeAnnotation, type FakeGitHub } from '../../../test/fakes/github-server.js';
import { run } from '../main.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.resolve(here, '../../../test/e2e/validate-ok/workspace');
const sha = '1'.repeat(40);
let gh: FakeGitHub;
let dir: string;

function git(...args: string[]): void {
  execFileSync('git', args, { cwd: dir, stdio: 'ignore', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });
}

function edit(file: string, from: string, to: string): void {
  const p = path.join(dir, file);
  const text = readFileSync(p, 'utf8');
  if (!text.includes(from)) throw new Error(`fixture changed: '${from}' not in ${file}`);
  writeFileSync(p, text.replace(from, to));
}

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { GITHUB_TOKEN: 't', GITHUB_API_URL: gh.url, GITHUB_REPOSITORY: 'acme/ws', GITHUB_EVENT_PATH: path.join(dir, 'event.json'), GITHUB_RUN_ID: '5' },
    cwd: dir,
  });
  return { code, stdout, stderr };
}

async function gate(): Promise<{ reasons: string[]; comment: string; annotations: FakeAnnotation[] }> {
  // As the Action runs it: the whole gate report into a file (and, here, also on stdout).
  const check = await cli(['check', '--base', 'main', '--report', 'report.json', '--format', 'json']);
  expect(check.stderr).toBe('');
  expect(readFileSync(path.join(dir, 'report.json'), 'utf8')).toBe(check.stdout);
  const published = await cli(['report', 'github', '--input', 'report.json', '--format', 'json']);
  expect(published.stderr).toBe('');
  const out = JSON.parse(published.stdout) as { reasons: string[] };
  const repo = gh.state.repo('acme/ws');
  return { reasons: out.reasons, comment: repo.comments[0].body, annotations: repo.checkRuns.at(-1)?.annotations ?? [] };
}

beforeEach(async () => {
  gh = await startFakeGitHub({ token: 't' });
  dir = mkdtempSync(path.join(tmpdir(), 'interlock-gate-'));
  cpSync(fixture, dir, { recursive: true });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  writeFileSync(path.join(dir, 'event.json'), JSON.stringify({ pull_request: { number: 3, head: { sha } } }));
  // A shared schema's property changes type: breaking for the request and the response that use it.
  edit('contracts/acme-itsm/incidents.openapi.yaml', 'id: { type: string }', 'id: { type: integer }');
});
afterEach(async () => {
  await gh.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the pull-request gate, check to comment', () => {
  it('an unannounced breaking change fails the gate with a located annotation, whatever the labels', async () => {
    gh.state.seedPullRequest('acme/ws', { number: 3, labels: ['breaking-change-approved'] });
    const g = await gate();
    expect(g.reasons).toContain('breaking-unannounced');
    expect(g.comment).toContain('`response-property-type-changed`');
    expect(g.annotations).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'contracts/acme-itsm/incidents.openapi.yaml', title: 'response-property-type-changed (breaking)' })]));
  });

  it('an announced breaking change waits for the approval label, which the comment records', async () => {
    edit('contracts/acme-itsm/incidents.contract.yaml', 'version: 1.2.0', [
      'version: 2.0.0',
      '  announcements:',
      '    - { change: request-property-type-changed, pointer: /components/schemas/Incident/properties/id, date: 2026-11-01, reason: Numeric ids }',
      '    - { change: response-property-type-changed, pointer: /components/schemas/Incident/properties/id, date: 2026-11-01, reason: Numeric ids }',
    ].join('\n'));
    edit('integrations/acme-itsm/incident-sync.yaml', 'version: ^1.0.0', 'version: ^2.0.0');
    gh.state.seedPullRequest('acme/ws', { number: 3 });
    const before = await gate();
    expect(before.reasons).toContain('breaking-awaiting-approval');
    expect(before.reasons).not.toContain('breaking-unannounced');
    expect(before.comment).toContain('| Breaking changes | 0 unannounced, 2 announced |');

    gh.state.seedPullRequest('acme/ws', { number: 3, labels: [{ name: 'breaking-change-approved', by: 'maria-lopez', at: '2026-11-21T08:00:00Z' }] });
    const after = await gate();
    expect(after.reasons).not.toContain('breaking-awaiting-approval');
    expect(after.comment).toContain('accepted with the `breaking-change-approved` label by @maria-lopez on 2026-11-21');
    // Still one comment, edited in place.
    expect(gh.state.repo('acme/ws').comments.filter((c) => c.user.type === 'Bot')).toHaveLength(1);
  });
});
