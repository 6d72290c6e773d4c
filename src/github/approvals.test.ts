import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../../test/fakes/github-server.js';
import { loadExample, overlay } from '../policy/examples/load.js';
import { vendorYaml } from '../../test/support/policy-fixtures.js';
import type { WorkspaceModel } from '../validate/model.js';
import { approvalsAdded, verifyApprovals } from './approvals.js';
import { createGitHubClient } from './client.js';

const VENDOR = 'integrations/acme/vendor.yaml';
const entry = (by: string, role: string, at: string) => `    - { by: ${by}, role: ${role}, at: '${at}' }`;
const withApprovals = (...entries: string[]) => vendorYaml({ extra: `  approvals:\n${entries.join('\n')}` });

async function model(vendor: string): Promise<WorkspaceModel> {
  const { model, ok, diagnostics } = await loadExample(overlay({ [VENDOR]: vendor }));
  expect(ok, JSON.stringify(diagnostics)).toBe(true);
  return model;
}

describe('approvals added in a pull request', () => {
  it('are the head approvals the base does not have, located at their login', async () => {
    const base = await model(withApprovals(entry('maria-lopez', 'vendor-risk', '2026-01-25T10:00:00Z')));
    const head = await model(withApprovals(entry('maria-lopez', 'vendor-risk', '2026-01-25T10:00:00Z'), entry('jonas-berg', 'security', '2026-05-30T09:00:00Z')));
    const added = approvalsAdded(base, head);
    expect(added.map((a) => [a.vendor, a.by, a.role, a.location.file, a.location.line])).toEqual([['acme', 'jonas-berg', 'security', VENDOR, 13]]);
    expect(approvalsAdded(undefined, head).map((a) => a.by)).toEqual(['maria-lopez', 'jonas-berg']);
  });
});

describe('verifyApprovals against a fake GitHub API', () => {
  let gh: FakeGitHub;
  beforeAll(async () => {
    gh = await startFakeGitHub();
  });
  afterAll(async () => {
    await gh.close();
  });

  async function verify(pull: number) {
    const head = await model(withApprovals(entry('maria-lopez', 'vendor-risk', '2026-05-30T09:00:00Z'), entry('jonas-berg', 'security', '2026-05-30T10:00:00Z'), entry('li-wei', 'engineering-manager', '2026-05-30T11:00:00Z')));
    const octokit = createGitHubClient({ token: 't', baseUrl: gh.url });
    return verifyApprovals({ octokit, owner: 'northwind', repo: 'interlock-workspace', pull, added: approvalsAdded(undefined, head) });
  }

  it('accepts approvals backed by approving reviews and flags the rest with the reason', async () => {
    const pull = gh.state.seedPullRequest('northwind/interlock-workspace', {
      author: 'li-wei',
      reviews: [
        { user: 'maria-lopez', state: 'APPROVED' },
        { user: 'jonas-berg', state: 'APPROVED' },
        { user: 'jonas-berg', state: 'CHANGES_REQUESTED' },
        { user: 'li-wei', state: 'COMMENTED' },
      ],
    });
    const result = await verify(pull);
    expect(result.value).toMatchObject({ author: 'li-wei', approvedBy: ['maria-lopez'], checked: 3 });
    expect(result.diagnostics.map((d) => [d.code, d.data?.messageId, d.data?.by, d.data?.reviewState, d.location?.line])).toEqual([
      ['policy/approvals', 'noApprovingReview', 'jonas-berg', 'CHANGES_REQUESTED', 13],
      ['policy/approvals', 'noApprovingReview', 'li-wei', 'none', 14],
    ]);
    expect(result.diagnostics[1].data?.why).toBe('is the pull request\u2019s author');
    const paths = gh.requests.map((r) => `${r.method} ${r.path}`);
    expect(paths).toContain(`GET /repos/northwind/interlock-workspace/pulls/${pull}/reviews`);
  });

  it('a comment after an approval does not withdraw it; a dismissal does', async () => {
    const pull = gh.state.seedPullRequest('northwind/interlock-workspace', {
      author: 'octocat',
      reviews: [
        { user: 'maria-lopez', state: 'APPROVED' },
        { user: 'maria-lopez', state: 'COMMENTED' },
        { user: 'jonas-berg', state: 'APPROVED' },
        { user: 'jonas-berg', state: 'DISMISSED' },
        { user: 'li-wei', state: 'APPROVED' },
      ],
    });
    const result = await verify(pull);
    expect(result.diagnostics.map((d) => [d.data?.by, d.data?.reviewState])).toEqual([['jonas-berg', 'DISMISSED']]);
  });

  it('a GitHub failure is a FatalError naming the call, not a stack trace', async () => {
    await expect(verify(999_999)).rejects.toMatchObject({ name: 'FatalError', message: expect.stringContaining('reading pull request #999999') });
  });
});
