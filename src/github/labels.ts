import type { Octokit } from '@octokit/rest';
import { githubCall, type RepoRef } from './client.js';

export interface LabelState {
  labels: string[];
  /** Who last added `label` and when, from the issue's events. */
  addedBy?: { login: string; at?: string };
}

/**
 * The pull request's labels and, for one label of interest (the approval label), who added it, so
 * the comment can record who accepted the change.
 */
export async function readLabels(octokit: Octokit, ref: RepoRef & { issueNumber: number; label?: string }): Promise<LabelState> {
  const { owner, repo, issueNumber: issue_number } = ref;
  const labels = await githubCall(`listing labels of #${issue_number}`, () =>
    octokit.paginate(octokit.rest.issues.listLabelsOnIssue, { owner, repo, issue_number, per_page: 100 }),
    { retry: true },
  );
  const names = labels.map((l) => l.name);
  if (!ref.label || !names.includes(ref.label)) return { labels: names };
  const events = await githubCall(`listing events of #${issue_number}`, () =>
    octokit.paginate(octokit.rest.issues.listEvents, { owner, repo, issue_number, per_page: 100 }),
    { retry: true },
  );
  const added = events.filter((e) => e.event === 'labeled' && (e as { label?: { name?: string } }).label?.name === ref.label).pop();
  return {
    labels: names,
    ...(added?.actor ? { addedBy: { login: added.actor.login, ...(added.created_at ? { at: added.created_at } : {}) } } : {}),
  };
}
