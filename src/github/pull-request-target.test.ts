import { describe, expect, it } from 'vitest';
import { resolvePullRequestTarget } from './pull-request-target.js';

const event = { pull_request: { number: 42, head: { sha: 'b'.repeat(40) } } };

describe('resolvePullRequestTarget', () => {
  it('takes the pull request and its head commit from the event, not the merge commit in GITHUB_SHA', () => {
    const r = resolvePullRequestTarget({}, { GITHUB_REPOSITORY: 'northwind/interlock', GITHUB_SHA: 'c'.repeat(40), GITHUB_RUN_ID: '77', GITHUB_SERVER_URL: 'https://ghe.example.com/' }, event);
    expect(r).toEqual({
      problems: [],
      target: { owner: 'northwind', repo: 'interlock', pullNumber: 42, headSha: 'b'.repeat(40), serverUrl: 'https://ghe.example.com', runUrl: 'https://ghe.example.com/northwind/interlock/actions/runs/77' },
    });
  });

  it('flags win over the environment', () => {
    const r = resolvePullRequestTarget({ repo: 'a/b', pr: '3', sha: 'd'.repeat(40) }, { GITHUB_REPOSITORY: 'x/y' }, event);
    expect(r.target).toMatchObject({ owner: 'a', repo: 'b', pullNumber: 3, headSha: 'd'.repeat(40), serverUrl: 'https://github.com' });
  });

  it('says what is missing or malformed', () => {
    expect(resolvePullRequestTarget({}, {}, undefined).problems).toHaveLength(3);
    expect(resolvePullRequestTarget({ repo: 'nope', pr: 'x', sha: 'zz' }, {}, undefined).problems).toEqual([
      "--repo expects owner/name, not 'nope'",
      "--pr expects a pull request number, not 'x'",
      "--sha expects a commit id, not 'zz'",
    ]);
  });
});
