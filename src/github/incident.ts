import type { Octokit } from '@octokit/rest';
import { githubCall, type RepoRef } from './client.js';

/** One file of the revert: its content before the bad commit, or null when that commit added it. */
export interface RevertFile {
  path: string;
  previous: string | null;
}

export interface RollbackIncidentInput extends RepoRef {
  /** `Kind/name` of the integration whose canary was rolled back. */
  resource: string;
  /** The commit that introduced the version that failed. */
  commit: string;
  /** The branch the runtime follows; the revert pull request targets it. */
  base: string;
  errorRate: number;
  maxErrorRate: number;
  /** Percent of events the canary had when it was rolled back. */
  weight: number;
  /** The files to put back as they were before `commit`. */
  files: RevertFile[];
  labels?: string[];
}

export interface RollbackIncidentResult {
  issue: { number: number; url: string };
  pullRequest: { number: number; url: string };
  branch: string;
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * After an automatic rollback, keeps git the truth: opens an incident issue, then proposes the revert
 * of the commit as a branch and pull request (file by file through the contents API, which needs only
 * `contents: write`), and links the two.
 */
export async function openRollbackIncident(octokit: Octokit, input: RollbackIncidentInput): Promise<RollbackIncidentResult> {
  const { owner, repo } = input;
  const short = input.commit.slice(0, 12);
  const issue = await githubCall('opening the incident issue', () =>
    octokit.rest.issues.create({
      owner,
      repo,
      title: `Canary of ${input.resource} rolled back (${short})`,
      labels: input.labels ?? ['incident', 'interlock/rollback'],
      body: [
        `The canary of \`${input.resource}\` from commit ${input.commit} was rolled back automatically.`,
        '',
        `| Error rate | Threshold | Traffic share at rollback |`,
        `|---|---|---|`,
        `| ${percent(input.errorRate)} | ${percent(input.maxErrorRate)} | ${input.weight}% |`,
        '',
        `The runtime serves the previous version again. A pull request reverting ${short} on \`${input.base}\` follows, so git matches what runs.`,
      ].join('\n'),
    }),
  );

  const baseRef = await githubCall(`reading branch ${input.base}`, () => octokit.rest.git.getRef({ owner, repo, ref: `heads/${input.base}` }));
  const branch = `interlock/revert-${short}`;
  await githubCall(`creating branch ${branch}`, () => octokit.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: baseRef.data.object.sha }));

  for (const file of input.files) {
    const current = await currentSha(octokit, input, file.path, branch);
    const message = `Revert ${file.path} to before ${short}`;
    if (file.previous === null) {
      if (current === undefined) continue;
      await githubCall(`deleting ${file.path} on ${branch}`, () => octokit.rest.repos.deleteFile({ owner, repo, path: file.path, message, sha: current, branch }));
      continue;
    }
    const content = Buffer.from(file.previous, 'utf8').toString('base64');
    await githubCall(`writing ${file.path} on ${branch}`, () =>
      octokit.rest.repos.createOrUpdateFileContents({ owner, repo, path: file.path, message, content, branch, ...(current ? { sha: current } : {}) }),
    );
  }

  const pull = await githubCall('opening the revert pull request', () =>
    octokit.rest.pulls.create({
      owner,
      repo,
      head: branch,
      base: input.base,
      title: `Revert ${short}: canary of ${input.resource} rolled back`,
      body: `Reverts ${input.commit} (${input.files.map((f) => `\`${f.path}\``).join(', ')}).\n\nThe canary of \`${input.resource}\` passed its error-rate threshold (${percent(input.errorRate)} > ${percent(input.maxErrorRate)}). Incident: #${issue.data.number}.`,
    }),
  );
  await githubCall(`linking the pull request from issue #${issue.data.number}`, () =>
    octokit.rest.issues.createComment({ owner, repo, issue_number: issue.data.number, body: `Revert proposed in #${pull.data.number}.` }),
  );
  return { issue: { number: issue.data.number, url: issue.data.html_url }, pullRequest: { number: pull.data.number, url: pull.data.html_url }, branch };
}

/** The blob sha of a file on a branch (needed to update it), or undefined when it is not there. */
async function currentSha(octokit: Octokit, repo: RepoRef, path: string, ref: string): Promise<string | undefined> {
  try {
    const res = await octokit.rest.repos.getContent({ owner: repo.owner, repo: repo.repo, path, ref });
    return Array.isArray(res.data) ? undefined : res.data.sha;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    return githubCall(`reading ${path} on ${ref}`, () => Promise.reject(error));
  }
}
