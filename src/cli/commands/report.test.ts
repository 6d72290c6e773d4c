import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../../../test/fakes/github-server.js';
import { checkDocument } from '../../../test/fakes/gate-report-fixtures.js';
import { run } from '../main.js';

let gh: FakeGitHub;
let dir: string;
const sha = 'e'.repeat(40);

beforeEach(async () => {
  gh = await startFakeGitHub({ token: 'ghs_cli' });
  dir = mkdtempSync(path.join(tmpdir(), 'interlock-report-'));
  writeFileSync(path.join(dir, 'report.json'), JSON.stringify(checkDocument()));
  writeFileSync(path.join(dir, 'event.json'), JSON.stringify({ pull_request: { number: 9, head: { sha } } }));
});
afterEach(async () => {
  await gh.close();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {
      GITHUB_TOKEN: 'ghs_cli',
      GITHUB_API_URL: gh.url,
      GITHUB_REPOSITORY: 'northwind/interlock',
      GITHUB_EVENT_PATH: path.join(dir, 'event.json'),
      GITHUB_SHA: 'f'.repeat(40),
      GITHUB_RUN_ID: '123',
      ...env,
    },
    cwd: dir,
  });
  return { code, stdout, stderr };
}

describe('interlock report github', () => {
  it('publishes from the Actions environment: one comment created then updated, check run on the PR head, exit 1 on a failing gate', async () => {
    gh.state.seedPullRequest('northwind/interlock', { number: 9 });
    const first = await cli(['report', 'github', '--input', 'report.json', '--format', 'json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(1);
    const out = JSON.parse(first.stdout) as { conclusion: string; reasons: string[]; comment: { action: string; id: number }; checkRun: { requests: number } };
    expect(out).toMatchObject({ conclusion: 'failure', reasons: ['errors', 'breaking-unannounced', 'breaking-awaiting-approval', 'stale-generated'], comment: { action: 'created' }, checkRun: { requests: 1 } });
    const second = await cli(['report', 'github', '--input', 'report.json', '--format', 'json']);
    expect(JSON.parse(second.stdout).comment).toMatchObject({ action: 'unchanged', id: out.comment.id });
    const repo = gh.state.repo('northwind/interlock');
    expect(repo.comments).toHaveLength(1);
    expect(repo.comments[0].body).toContain('delete `Integration/legacy-export`');
    expect(repo.comments[0].body).toContain('(https://github.com/northwind/interlock/actions/runs/123)');
    expect(repo.checkRuns.map((r) => r.head_sha)).toEqual([sha, sha]);
  });

  it('text output and exit 0 when the gate passes', async () => {
    gh.state.seedPullRequest('northwind/interlock', { number: 9 });
    writeFileSync(path.join(dir, 'clean.json'), JSON.stringify({ formatVersion: 1, failed: false, diagnostics: [], contracts: [], stale: [] }));
    const r = await cli(['report', 'github', '--input', 'clean.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Comment created: ');
    expect(r.stdout).toContain('The gate passes.');
  });

  it('usage errors exit 2 without a stack trace and publish nothing: no token, no pull request, no input', async () => {
    const noToken = await cli(['report', 'github', '--input', 'report.json'], { GITHUB_TOKEN: '' });
    expect([noToken.code, noToken.stderr]).toEqual([2, expect.stringContaining('GITHUB_TOKEN is not set')]);
    const noPr = await cli(['report', 'github', '--input', 'report.json'], { GITHUB_EVENT_PATH: '' });
    expect([noPr.code, noPr.stderr]).toEqual([2, expect.stringContaining('pass --pr N')]);
    const missing = await cli(['report', 'github']);
    expect(missing.code).toBe(2);
    for (const r of [noToken, noPr, missing]) expect(r.stderr).not.toContain('    at ');
    expect(gh.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('a missing, empty or broken input (a crashed CI step) is published as a finding, then exit 2', async () => {
    gh.state.seedPullRequest('northwind/interlock', { number: 9 });
    writeFileSync(path.join(dir, 'bad.json'), '{"diagnostics": [ {"severity": "error"');
    writeFileSync(path.join(dir, 'empty.json'), '');
    writeFileSync(path.join(dir, 'shape.json'), '{"diagnostics": [{"severity": "loud"}]}');
    const expected: Record<string, string> = { 'bad.json': '`json-syntax`', 'empty.json': 'empty.json is empty', 'shape.json': 'shape.json is not a gate report', 'absent.json': 'absent.json cannot be read (ENOENT)' };
    for (const [file, finding] of Object.entries(expected)) {
      const r = await cli(['report', 'github', '--input', file]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(file);
      expect(r.stderr).not.toContain('    at ');
      expect(gh.state.repo('northwind/interlock').comments[0].body).toContain(finding);
    }
  });

  it('a GitHub API failure is exit 2 with the call and status', async () => {
    gh.state.seedPullRequest('northwind/interlock', { number: 9 });
    gh.state.failNext({ method: 'POST', path: /\/check-runs$/, status: 403, body: { message: 'Resource not accessible by integration' } });
    const r = await cli(['report', 'github', '--input', 'report.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("creating check run 'Interlock' failed: HTTP 403 Resource not accessible by integration");
  });
});

describe('interlock report sarif / markdown', () => {
  it('writes SARIF that validates, with rule help from the rule catalogues where they know the rule', async () => {
    const r = await cli(['report', 'sarif', '--input', 'report.json', '--path-prefix', 'infra']);
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout) as { runs: { tool: { driver: { version: string; rules: { id: string }[] } }; results: { locations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const here = path.dirname(fileURLToPath(import.meta.url));
    const schema = JSON.parse(readFileSync(path.join(here, '../../../test/fakes/sarif/sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>;
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => void;
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    expect(ajv.validate(schema, log)).toBe(true);
    expect(log.runs[0].tool.driver.version).toBe('0.1.0');
    const rule = (log.runs[0].tool.driver.rules as { id: string; help: { text: string } }[]).find((x) => x.id === 'policy/retention');
    expect(rule?.help.text).toContain('docs/policy/retention.md');
    expect(log.runs[0].results[0].locations?.[0].physicalLocation.artifactLocation.uri).toBe('infra/integrations/servicenow/servicenow-incidents.yaml');
  });

  it('prints the comment Markdown; --label accepts announced breaks', async () => {
    const r = await cli(['report', 'markdown', '--input', 'report.json', '--label', 'breaking-change-approved']);
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('<!-- interlock:report -->')).toBe(true);
    expect(r.stdout).toContain('Announced breaking changes accepted with the `breaking-change-approved` label');
  });
});

describe('interlock report drift-issue', () => {
  it('opens the drift issue from `interlock drift --format json`, then closes it when drift is gone', async () => {
    writeFileSync(path.join(dir, 'drift.json'), JSON.stringify({ drift: true, commit: 'abc', runtimeRevision: 4, changes: [{ action: 'update', kind: 'Vendor', name: 'servicenow', diff: [{ path: '/spec/riskTier' }] }] }));
    const a = await cli(['report', 'drift-issue', '--input', 'drift.json', '--format', 'json']);
    expect(a.code).toBe(0);
    expect(JSON.parse(a.stdout)).toMatchObject({ drifted: true, action: 'created', number: 1 });
    const issue = gh.state.repo('northwind/interlock').issues[0];
    expect(issue.labels.map((l) => l.name)).toEqual(['interlock-drift']);
    expect(issue.body).toContain('`Vendor/servicenow`');
    writeFileSync(path.join(dir, 'drift.json'), JSON.stringify({ drift: false, commit: 'abc', runtimeRevision: 4, changes: [] }));
    const b = await cli(['report', 'drift-issue', '--input', 'drift.json']);
    expect([b.code, b.stdout]).toEqual([0, expect.stringContaining('Drift issue #1 closed')]);
    expect(gh.state.repo('northwind/interlock').issues[0].state).toBe('closed');
  });
});
