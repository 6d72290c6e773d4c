import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub } from '../../test/fakes/github-server.js';
import { createGitHubClient } from './client.js';
import { openRollbackIncident } from './incident.js';

type Fake = Awaited<ReturnType<typeof startFakeGitHub>>;
let gh: Fake;

beforeAll(async () => {
  gh = await startFakeGitHub();
});
afterAll(async () => {
  await gh.close();
});

describe('openRollbackIncident', () => {
  it('opens the incident issue, a revert branch with the previous file, and a pull request linked to the issue', async () => {
    // As the CLI would: the API root comes from GITHUB_API_URL.
    const env = { GITHUB_API_URL: `${gh.url}/api/v3` };
    const octokit = createGitHubClient({ token: 't', baseUrl: env.GITHUB_API_URL });
    const result = await openRollbackIncident(octokit, {
      owner: 'northwind',
      repo: 'integrations',
      resource: 'Integration/slack-ops-alerts',
      commit: 'abcdef0123456789abcdef0123456789abcdef01',
      base: 'main',
      errorRate: 0.4,
      maxErrorRate: 0.05,
      weight: 10,
      files: [{ path: 'integrations/slack/slack-ops-alerts.yaml', previous: 'kind: Integration\n# before\n' }],
    });
    const repo = gh.state.repo('northwind/integrations');
    const issue = repo.issues.find((i) => i.number === result.issue.number)!;
    expect(issue.pull).toBeUndefined();
    expect(issue.title).toContain('Integration/slack-ops-alerts');
    expect(issue.labels.map((l) => l.name)).toEqual(['incident', 'interlock/rollback']);
    expect(issue.body).toContain('40.0%');

    expect(result.branch).toBe('interlock/revert-abcdef012345');
    expect(repo.refs.has('refs/heads/interlock/revert-abcdef012345')).toBe(true);
    expect(repo.files.get('interlock/revert-abcdef012345:integrations/slack/slack-ops-alerts.yaml')).toBe('kind: Integration\n# before\n');

    const pull = repo.issues.find((i) => i.number === result.pullRequest.number)!;
    expect(pull.pull).toMatchObject({ head: { ref: 'interlock/revert-abcdef012345' }, base: { ref: 'main' } });
    expect(pull.body).toContain(`#${result.issue.number}`);
    expect(repo.comments.find((c) => c.issue_number === result.issue.number)?.body).toContain(`#${result.pullRequest.number}`);
    expect(gh.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /repos/northwind/integrations/issues',
      'POST /repos/northwind/integrations/git/refs',
      'PUT /repos/northwind/integrations/contents/integrations/slack/slack-ops-alerts.yaml',
      'POST /repos/northwind/integrations/pulls',
      'POST /repos/northwind/integrations/issues/1/comments',
    ]);
  });
});
