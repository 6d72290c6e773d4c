import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../../test/fakes/github-server.js';
import { changesOnly, checkDocument, manyDiagnostics } from '../../test/fakes/gate-report-fixtures.js';
import { emptyGateReport } from '../engine/gate-report.js';
import { parseGateReport } from '../report/gate-report.js';
import { REPORT_MARKER } from '../report/markdown-gate.js';
import { createGitHubClient } from './client.js';
import { publishGateReport } from './publish-gate.js';
import type { PullRequestTarget } from './pull-request-target.js';

let gh: FakeGitHub;
const sha = 'a'.repeat(40);
const target: PullRequestTarget = { owner: 'northwind', repo: 'interlock', pullNumber: 7, headSha: sha, serverUrl: 'https://github.com', runUrl: 'https://github.com/northwind/interlock/actions/runs/5' };
const report = parseGateReport(checkDocument(), 'a').value;

beforeEach(async () => {
  gh = await startFakeGitHub({ token: 'ghs_test' });
});
afterEach(async () => {
  await gh.close();
});

function client() {
  return createGitHubClient({ token: 'ghs_test', baseUrl: gh.url });
}

const writes = () => gh.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

describe('publishGateReport', () => {
  it('creates the comment on the first run and updates the same one on the second', async () => {
    gh.state.seedPullRequest('northwind/interlock', { number: 7 });
    // Other people's comments, enough to push ours past the first page.
    for (let i = 0; i < 120; i++) {
      gh.state.repo('northwind/interlock').comments.push({
        id: 10_000 + i, node_id: `n${i}`, body: `comment ${i}`, user: gh.state.user('someone'), issue_number: 7,
        created_at: '', updated_at: '', html_url: '',
      });
    }
    // A person's comment that quotes ours, and one that pastes it, are never edited.
    const repo = gh.state.repo('northwind/interlock');
    repo.comments.push(
      { id: 20_001, node_id: 'q', body: `> ${REPORT_MARKER}\n> quoted`, user: gh.state.user('octocat'), issue_number: 7, created_at: '', updated_at: '', html_url: '' },
    );
    const first = await publishGateReport(client(), target, report);
    expect(first.comment.action).toBe('created');
    repo.comments.push({ id: 20_002, node_id: 'p', body: `${REPORT_MARKER}\npasted`, user: gh.state.user('octocat'), issue_number: 7, created_at: '', updated_at: '', html_url: '' });
    const second = await publishGateReport(client(), target, { ...report, stale: [] });
    expect(second.comment).toMatchObject({ action: 'updated', id: first.comment.id });
    const third = await publishGateReport(client(), target, { ...report, stale: [] });
    expect(third.comment).toMatchObject({ action: 'unchanged', id: first.comment.id });

    const ours = repo.comments.filter((c) => c.user.type === 'Bot');
    expect(ours.map((c) => c.id)).toEqual([first.comment.id]);
    expect(repo.comments.find((c) => c.id === 20_002)?.body).toBe(`${REPORT_MARKER}\npasted`);
    expect(ours[0].body).not.toContain('Stale generated files (1)');
    expect(writes().filter((w) => w.includes('comments'))).toEqual([
      'POST /repos/northwind/interlock/issues/7/comments',
      `PATCH /repos/northwind/interlock/issues/comments/${first.comment.id}`,
    ]);
    // Comments were read page by page (121 comments at 100 per page).
    const pages = gh.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/issues/7/comments')).map((r) => r.query.page ?? '1');
    expect(pages.slice(0, 2)).toEqual(['1', '2']);
    expect(gh.requests.every((r) => r.authorization === 'token ghs_test')).toBe(true);
  });

  it('sends annotations in batches of 50: 120 annotations are 3 requests, the conclusion comes with the last', async () => {
    gh.state.seedPullRequest('northwind/interlock', { number: 7 });
    const big = emptyGateReport();
    big.diagnostics = manyDiagnostics(120);
    const result = await publishGateReport(client(), target, big);
    expect(result.checkRun).toMatchObject({ requests: 3, annotations: 120 });
    const checkWrites = gh.requests.filter((r) => r.path.includes('/check-runs'));
    expect(checkWrites.map((r) => [r.method, (r.body as { output: { annotations: unknown[] } }).output.annotations.length, (r.body as { conclusion?: string }).conclusion])).toEqual([
      ['POST', 50, undefined],
      ['PATCH', 50, undefined],
      ['PATCH', 20, 'failure'],
    ]);
    const run = gh.state.repo('northwind/interlock').checkRuns[0];
    expect(run).toMatchObject({ head_sha: sha, name: 'Interlock', conclusion: 'failure', status: 'completed' });
    expect(run.annotations).toHaveLength(120);
    expect(run.annotations.every((a) => a.path.startsWith('integrations/') && a.start_line >= 1)).toBe(true);
  });

  it('one request when there are at most 50 annotations', async () => {
    gh.state.seedPullRequest('northwind/interlock', { number: 7 });
    const result = await publishGateReport(client(), target, report);
    expect(result.checkRun?.requests).toBe(1);
    const run = gh.state.repo('northwind/interlock').checkRuns[0];
    expect(run.annotations.map((a) => a.path)).toContain('contracts/servicenow/table-api.openapi.yaml');
  });

  it('the breaking-change-approved label accepts announced breaks and the comment names who added it', async () => {
    const announcedOnly = parseGateReport(changesOnly(checkDocument().contracts), 'r').value;
    announcedOnly.contracts[0].changes = announcedOnly.contracts[0].changes.filter((c) => c.announced || c.level !== 'breaking');
    gh.state.seedPullRequest('northwind/interlock', { number: 7 });
    const before = await publishGateReport(client(), target, announcedOnly);
    expect(before.verdict.reasons).toEqual(['breaking-awaiting-approval']);

    gh.state.seedPullRequest('northwind/interlock', { number: 7, labels: [{ name: 'breaking-change-approved', by: 'maria-lopez', at: '2026-11-21T09:00:00Z' }] });
    gh.state.repo('northwind/interlock').comments.length = 0;
    const after = await publishGateReport(client(), target, announcedOnly);
    expect(after.verdict.conclusion).toBe('success');
    const body = gh.state.repo('northwind/interlock').comments[0].body;
    expect(body).toContain('by @maria-lopez on 2026-11-21');
    expect(gh.state.repo('northwind/interlock').checkRuns.map((r) => r.conclusion)).toEqual(['failure', 'success']);
  });

  it("the pull request's author cannot accept their own announced break with the label", async () => {
    const announcedOnly = parseGateReport(changesOnly(checkDocument().contracts), 'r').value;
    announcedOnly.contracts[0].changes = announcedOnly.contracts[0].changes.filter((c) => c.announced || c.level !== 'breaking');
    gh.state.seedPullRequest('northwind/interlock', { number: 7, author: 'dev-dana', labels: [{ name: 'breaking-change-approved', by: 'dev-dana' }] });
    const result = await publishGateReport(client(), target, announcedOnly);
    expect(result.verdict).toMatchObject({ conclusion: 'failure', reasons: ['breaking-awaiting-approval'], approval: { present: false, refused: 'author', by: 'dev-dana' } });
    expect(gh.state.repo('northwind/interlock').comments[0].body).toContain('added by @dev-dana, the author of this pull request, so it does not count');
  });

  it('an oversized report is truncated under 65,536 characters and GitHub accepts it', async () => {
    gh.state.seedPullRequest('northwind/interlock', { number: 7 });
    const big = emptyGateReport();
    big.diagnostics = manyDiagnostics(2500, 150);
    const result = await publishGateReport(client(), target, big, { checkRun: false });
    expect(result.truncated).toBe(true);
    expect(result.commentLength).toBeLessThanOrEqual(65_536);
    const body = gh.state.repo('northwind/interlock').comments[0].body;
    expect(body).toContain('(https://github.com/northwind/interlock/actions/runs/5)');
    expect(gh.requests.some((r) => r.path.includes('check-runs'))).toBe(false);
  });

  it('a GitHub failure is a FatalError naming the call and the status', async () => {
    gh.state.seedPullRequest('northwind/interlock', { number: 7 });
    gh.state.failNext({ method: 'POST', path: '/repos/northwind/interlock/issues/7/comments', status: 403, body: { message: 'Resource not accessible by integration' } });
    await expect(publishGateReport(client(), target, report)).rejects.toMatchObject({
      name: 'FatalError',
      message: expect.stringContaining('creating a comment on #7 failed: HTTP 403 Resource not accessible by integration'),
    });
  });

  it('retries a read after a transient 502, never a create', async () => {
    gh.state.seedPullRequest('northwind/interlock', { number: 7 });
    gh.state.failNext({ method: 'GET', path: '/repos/northwind/interlock/issues/7/comments', status: 502 });
    const ok = await publishGateReport(client(), target, report, { checkRun: false });
    expect(ok.comment.action).toBe('created');
    expect(gh.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/issues/7/comments'))).toHaveLength(2);

    gh.state.repo('northwind/interlock').comments.length = 0;
    gh.state.failNext({ method: 'POST', path: '/repos/northwind/interlock/issues/7/comments', status: 502 });
    await expect(publishGateReport(client(), target, report, { checkRun: false })).rejects.toMatchObject({ name: 'FatalError', message: expect.stringContaining('HTTP 502') });
    expect(gh.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues/7/comments'))).toHaveLength(2);
  });

  it('prefixes annotation paths and links when the workspace is a subfolder', async () => {
    gh.state.seedPullRequest('northwind/interlock', { number: 7 });
    await publishGateReport(client(), target, report, { pathPrefix: 'infra/interlock' });
    const run = gh.state.repo('northwind/interlock').checkRuns[0];
    expect(run.annotations.every((a) => a.path.startsWith('infra/interlock/'))).toBe(true);
    expect(gh.state.repo('northwind/interlock').comments[0].body).toContain(`/blob/${sha}/infra/interlock/integrations/servicenow/vendor.yaml#L29`);
  });
});
