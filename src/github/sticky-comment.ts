import type { Octokit } from '@octokit/rest';
import { githubCall, type RepoRef } from './client.js';

export interface StickyCommentInput extends RepoRef {
  /** Pull request (or issue) number. */
  issueNumber: number;
  /** Hidden HTML comment that identifies our comment, e.g. `<!-- interlock:report -->`. */
  marker: string;
  /** The full body; it must start with the marker. */
  body: string;
}

export interface StickyCommentResult {
  action: 'created' | 'updated' | 'unchanged';
  id: number;
  url: string;
}

/**
 * One comment per pull request, found again by its marker and edited in place, so a pull request
 * never collects a comment per push. All pages of comments are read: on a busy pull request the
 * marker comment is rarely on the first page.
 */
export async function upsertStickyComment(octokit: Octokit, input: StickyCommentInput): Promise<StickyCommentResult> {
  if (!input.body.startsWith(input.marker)) throw new Error('sticky comment body must start with its marker');
  const { owner, repo, issueNumber: issue_number } = input;
  const comments = await githubCall(`listing comments of #${issue_number}`, () =>
    octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 }),
    { retry: true },
  );
  // Ours start with the marker (a reply quoting it does not); a bot's wins over a person's copy,
  // which the token could not edit anyway.
  const ours = comments.filter((c) => c.body?.startsWith(input.marker));
  const existing = ours.find((c) => c.user?.type === 'Bot') ?? ours[0];
  if (!existing) {
    const created = await githubCall(`creating a comment on #${issue_number}`, () =>
      octokit.rest.issues.createComment({ owner, repo, issue_number, body: input.body }),
    );
    return { action: 'created', id: created.data.id, url: created.data.html_url };
  }
  if (existing.body === input.body) return { action: 'unchanged', id: existing.id, url: existing.html_url };
  const updated = await githubCall(`updating comment ${existing.id}`, () =>
    octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body: input.body }),
    { retry: true },
  );
  return { action: 'updated', id: updated.data.id, url: updated.data.html_url };
}
