import type { Octokit } from '@octokit/rest';
import { githubCall, type RepoRef } from './client.js';

export interface DriftIssueInput extends RepoRef {
  /** Hidden marker in the body that identifies the one drift issue. */
  marker: string;
  /** Label the issue carries; used to find it cheaply. */
  label: string;
  title: string;
  body: string;
  drifted: boolean;
}

export interface DriftIssueResult {
  action: 'created' | 'updated' | 'closed' | 'none';
  number?: number;
  url?: string;
}

/**
 * Keeps one open issue while the runtime drifts from git: opened on the first finding, updated in
 * place on later runs, closed (with the final body) once a run finds no drift.
 */
export async function syncDriftIssue(octokit: Octokit, input: DriftIssueInput): Promise<DriftIssueResult> {
  const { owner, repo } = input;
  const open = await githubCall(`listing open issues labelled '${input.label}'`, () =>
    octokit.paginate(octokit.rest.issues.listForRepo, { owner, repo, state: 'open', labels: input.label, per_page: 100 }),
    { retry: true },
  );
  const existing = open.filter((i) => !i.pull_request && i.body?.includes(input.marker)).sort((a, b) => a.number - b.number)[0];
  if (!input.drifted) {
    if (!existing) return { action: 'none' };
    const closed = await githubCall(`closing issue #${existing.number}`, () =>
      octokit.rest.issues.update({ owner, repo, issue_number: existing.number, body: input.body, state: 'closed' }),
      { retry: true },
    );
    return { action: 'closed', number: closed.data.number, url: closed.data.html_url };
  }
  if (existing) {
    const updated = await githubCall(`updating issue #${existing.number}`, () =>
      octokit.rest.issues.update({ owner, repo, issue_number: existing.number, title: input.title, body: input.body }),
      { retry: true },
    );
    return { action: 'updated', number: updated.data.number, url: updated.data.html_url };
  }
  const created = await githubCall('opening the drift issue', () =>
    octokit.rest.issues.create({ owner, repo, title: input.title, body: input.body, labels: [input.label] }),
  );
  return { action: 'created', number: created.data.number, url: created.data.html_url };
}
