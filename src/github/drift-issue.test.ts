import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../../test/fakes/github-server.js';
import { DRIFT_LABEL, DRIFT_MARKER } from '../report/markdown-drift.js';
import { createGitHubClient } from './client.js';
import { syncDriftIssue } from './drift-issue.js';

let gh: FakeGitHub;
beforeEach(async () => {
  gh = await startFakeGitHub();
});
afterEach(async () => {
  await gh.close();
});

const input = (drifted: boolean, body: string) => ({ owner: 'o', repo: 'r', marker: DRIFT_MARKER, label: DRIFT_LABEL, title: 'Drift', body: `${DRIFT_MARKER}\n${body}`, drifted });

describe('syncDriftIssue', () => {
  it('opens one issue, updates it on later runs, closes it when drift is gone, opens a new one next time', async () => {
    const octokit = createGitHubClient({ token: 't', baseUrl: gh.url });
    // An unrelated open issue with the label but without the marker is left alone.
    gh.state.repo('o/r').issues.push({
      id: 1, number: 1, title: 'manual', body: 'not ours', state: 'open', labels: [{ id: 1, name: DRIFT_LABEL }],
      user: gh.state.user('x'), assignees: [], created_at: '', updated_at: '', html_url: '', events: [],
    });
    expect(await syncDriftIssue(octokit, input(false, 'clean'))).toEqual({ action: 'none' });
    const a = await syncDriftIssue(octokit, input(true, 'one'));
    const b = await syncDriftIssue(octokit, input(true, 'two'));
    expect([a.action, b.action, b.number]).toEqual(['created', 'updated', a.number]);
    const c = await syncDriftIssue(octokit, input(false, 'gone'));
    expect([c.action, c.number]).toEqual(['closed', a.number]);
    const issues = gh.state.repo('o/r').issues;
    expect(issues.map((i) => [i.number, i.state, i.body])).toEqual([
      [1, 'open', 'not ours'],
      [a.number, 'closed', `${DRIFT_MARKER}\ngone`],
    ]);
    expect(issues[1].labels.map((l) => l.name)).toEqual([DRIFT_LABEL]);
    const d = await syncDriftIssue(octokit, input(true, 'again'));
    expect(d.action).toBe('created');
    expect(d.number).not.toBe(a.number);
  });
});
