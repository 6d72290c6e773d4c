import { gzipSync } from 'node:zlib';
import { Octokit } from '@octokit/rest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentOctokitLog, startFakeGitHub, type FakeGitHub } from './github-server.js';

let gh: FakeGitHub;
let octokit: Octokit;
const owner = 'acme';
const repo = 'ws';

beforeEach(async () => {
  gh = await startFakeGitHub({ token: 't0k' });
  octokit = new Octokit({ baseUrl: gh.url, auth: 't0k', log: silentOctokitLog });
});
afterEach(async () => {
  await gh.close();
});

describe('fake GitHub API', () => {
  it('paginates comments with a Link header that Octokit follows', async () => {
    const pr = gh.state.seedPullRequest('acme/ws', { number: 7 });
    for (let i = 0; i < 5; i++) await octokit.rest.issues.createComment({ owner, repo, issue_number: pr, body: `c${i}` });
    const all = await octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: pr, per_page: 2 });
    expect(all.map((c) => c.body)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    const pages = gh.requests.filter((r) => r.method === 'GET').map((r) => r.query.page ?? '1');
    expect(pages).toEqual(['1', '2', '3']);
    const first = all[0]!;
    await octokit.rest.issues.updateComment({ owner, repo, comment_id: first.id, body: 'changed' });
    expect(gh.state.repo('acme/ws').comments.map((c) => c.body)).toEqual(['changed', 'c1', 'c2', 'c3', 'c4']);
  });

  it('refuses bad credentials, over-long comments and more than 50 annotations', async () => {
    gh.state.seedPullRequest('acme/ws', { number: 1 });
    const anonymous = new Octokit({ baseUrl: gh.url, log: silentOctokitLog });
    await expect(anonymous.rest.issues.listComments({ owner, repo, issue_number: 1 })).rejects.toMatchObject({ status: 401 });
    await expect(octokit.rest.issues.createComment({ owner, repo, issue_number: 1, body: 'x'.repeat(65_537) })).rejects.toMatchObject({ status: 422 });
    const annotation = { path: 'a.yaml', start_line: 1, end_line: 1, annotation_level: 'failure' as const, message: 'm' };
    await expect(
      octokit.rest.checks.create({ owner, repo, name: 'n', head_sha: 'abc', output: { title: 't', summary: 's', annotations: Array(51).fill(annotation) } }),
    ).rejects.toMatchObject({ status: 422 });
    const run = await octokit.rest.checks.create({ owner, repo, name: 'n', head_sha: 'abc', output: { title: 't', summary: 's', annotations: Array(50).fill(annotation) } });
    await octokit.rest.checks.update({ owner, repo, check_run_id: run.data.id, conclusion: 'failure', output: { title: 't', summary: 's', annotations: [annotation] } });
    const stored = gh.state.repo('acme/ws').checkRuns[0]!;
    expect([stored.annotations.length, stored.conclusion, stored.status]).toEqual([51, 'failure', 'completed']);
  });

  it('serves seeded reviews, files and labels', async () => {
    gh.state.seedPullRequest('acme/ws', {
      number: 3,
      labels: [{ name: 'breaking-change-approved', by: 'bob', at: '2026-11-20T10:00:00Z' }],
      reviews: [{ user: 'alice', state: 'APPROVED' }],
      files: [{ filename: 'integrations/x/vendor.yaml', status: 'added' }],
    });
    const labels = await octokit.rest.issues.listLabelsOnIssue({ owner, repo, issue_number: 3 });
    const reviews = await octokit.rest.pulls.listReviews({ owner, repo, pull_number: 3 });
    const files = await octokit.rest.pulls.listFiles({ owner, repo, pull_number: 3 });
    expect(labels.data.map((l) => l.name)).toEqual(['breaking-change-approved']);
    expect(reviews.data.map((r) => [r.user?.login, r.state])).toEqual([['alice', 'APPROVED']]);
    expect(files.data.map((f) => [f.filename, f.status])).toEqual([['integrations/x/vendor.yaml', 'added']]);
    const events = await octokit.rest.issues.listEvents({ owner, repo, issue_number: 3 });
    expect(events.data.map((e) => [e.event, e.actor?.login, e.created_at])).toEqual([['labeled', 'bob', '2026-11-20T10:00:00Z']]);
  });

  it('creates, lists and updates issues; refs, contents and pulls; SARIF uploads; injected failures', async () => {
    const created = await octokit.rest.issues.create({ owner, repo, title: 'Drift', body: 'b', labels: ['interlock-drift'] });
    const listed = await octokit.rest.issues.listForRepo({ owner, repo, labels: 'interlock-drift', state: 'open' });
    expect(listed.data.map((i) => i.number)).toEqual([created.data.number]);
    await octokit.rest.issues.update({ owner, repo, issue_number: created.data.number, state: 'closed' });
    expect((await octokit.rest.issues.listForRepo({ owner, repo, labels: 'interlock-drift' })).data).toEqual([]);

    const main = await octokit.rest.git.getRef({ owner, repo, ref: 'heads/main' });
    await octokit.rest.git.createRef({ owner, repo, ref: 'refs/heads/revert-1', sha: main.data.object.sha });
    await expect(octokit.rest.git.createRef({ owner, repo, ref: 'refs/heads/revert-1', sha: main.data.object.sha })).rejects.toMatchObject({ status: 422 });
    await octokit.rest.repos.createOrUpdateFileContents({ owner, repo, path: 'a.txt', message: 'm', content: Buffer.from('hi').toString('base64'), branch: 'revert-1' });
    const file = await octokit.rest.repos.getContent({ owner, repo, path: 'a.txt', ref: 'revert-1' });
    const fileSha = (file.data as { sha: string }).sha;
    gh.state.seedFile('acme/ws', 'revert-1', 'b.txt', 'bye');
    const bSha = ((await octokit.rest.repos.getContent({ owner, repo, path: 'b.txt', ref: 'revert-1' })).data as { sha: string }).sha;
    await octokit.rest.repos.deleteFile({ owner, repo, path: 'b.txt', message: 'rm', sha: bSha, branch: 'revert-1' });
    expect([...gh.state.repo('acme/ws').files.keys()]).toEqual(['revert-1:a.txt']);
    await expect(octokit.rest.repos.deleteFile({ owner, repo, path: 'a.txt', message: 'rm', sha: 'wrong', branch: 'revert-1' })).rejects.toMatchObject({ status: 409 });
    expect(fileSha).toMatch(/^[0-9a-f]{40}$/);
    const pull = await octokit.rest.pulls.create({ owner, repo, title: 'Revert', head: 'revert-1', base: 'main' });
    expect(pull.data.head.ref).toBe('revert-1');
    expect(pull.data.head.sha).not.toBe(main.data.object.sha);
    await expect(octokit.rest.pulls.create({ owner, repo, title: 'x', head: 'nope', base: 'main' })).rejects.toMatchObject({ status: 422 });

    const sarif = { version: '2.1.0', runs: [] };
    await octokit.rest.codeScanning.uploadSarif({
      owner,
      repo,
      commit_sha: 'a'.repeat(40),
      ref: 'refs/pull/1/head',
      sarif: gzipSync(JSON.stringify(sarif)).toString('base64'),
    });
    expect(gh.state.repo('acme/ws').sarifs[0]!.sarif).toEqual(sarif);

    gh.state.failNext({ method: 'GET', path: /\/issues$/, status: 502 });
    await expect(octokit.rest.issues.listForRepo({ owner, repo })).rejects.toMatchObject({ status: 502 });
    await expect(octokit.rest.issues.listForRepo({ owner, repo })).resolves.toMatchObject({ status: 200 });
  });
});
