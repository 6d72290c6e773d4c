import type { Octokit } from '@octokit/rest';
import { githubCall, type RepoRef } from './client.js';

/** One file the pull request writes (the whole new text). */
export interface ProposedFile {
  path: string;
  text: string;
}

export interface SpecPullRequestInput extends RepoRef {
  /** The branch the pull request targets. */
  base: string;
  /** One branch per contract: the pull request is found again by it and updated instead of duplicated. */
  branch: string;
  title: string;
  body: string;
  /** Commit message of each file written. */
  message: string;
  files: ProposedFile[];
}

export interface SpecPullRequestResult {
  action: 'created' | 'updated';
  number: number;
  url: string;
}

/**
 * Opens (or updates) the one pull request proposing a vendor's changed published description: the branch
 * is made from `base` when missing, each file is written through the contents API (`contents: write`), and
 * an open pull request from the branch gets the new title and body instead of a second one being opened.
 */
export async function syncSpecPullRequest(octokit: Octokit, input: SpecPullRequestInput): Promise<SpecPullRequestResult> {
  const { owner, repo, branch } = input;
  const existing = await githubCall(`listing pull requests from ${branch}`, () => octokit.rest.pulls.list({ owner, repo, state: 'open', head: `${owner}:${branch}`, base: input.base, per_page: 10 }), { retry: true });
  const open = existing.data[0];
  if (!(await branchExists(octokit, input))) {
    const baseRef = await githubCall(`reading branch ${input.base}`, () => octokit.rest.git.getRef({ owner, repo, ref: `heads/${input.base}` }), { retry: true });
    await githubCall(`creating branch ${branch}`, () => octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: baseRef.data.object.sha }));
  }
  for (const file of input.files) {
    const current = await blobSha(octokit, input, file.path);
    const content = Buffer.from(file.text, 'utf8').toString('base64');
    await githubCall(`writing ${file.path} on ${branch}`, () =>
      octokit.rest.repos.createOrUpdateFileContents({ owner, repo, path: file.path, message: input.message, content, branch, ...(current ? { sha: current } : {}) }),
    );
  }
  if (open) {
    // The issues API edits a pull request's title and body too.
    const updated = await githubCall(`updating pull request #${open.number}`, () => octokit.rest.issues.update({ owner, repo, issue_number: open.number, title: input.title, body: input.body }), { retry: true });
    return { action: 'updated', number: updated.data.number, url: updated.data.html_url };
  }
  const created = await githubCall('opening the pull request', () => octokit.rest.pulls.create({ owner, repo, head: branch, base: input.base, title: input.title, body: input.body }));
  return { action: 'created', number: created.data.number, url: created.data.html_url };
}

async function branchExists(octokit: Octokit, input: SpecPullRequestInput): Promise<boolean> {
  try {
    await octokit.rest.git.getRef({ owner: input.owner, repo: input.repo, ref: `heads/${input.branch}` });
    return true;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return false;
    return githubCall(`reading branch ${input.branch}`, () => Promise.reject(error));
  }
}

/** The blob sha of a file on the branch (needed to replace it), or undefined when it is not there. */
async function blobSha(octokit: Octokit, input: SpecPullRequestInput, path: string): Promise<string | undefined> {
  try {
    const res = await octokit.rest.repos.getContent({ owner: input.owner, repo: input.repo, path, ref: input.branch });
    return Array.isArray(res.data) ? undefined : res.data.sha;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    return githubCall(`reading ${path} on ${input.branch}`, () => Promise.reject(error));
  }
}
