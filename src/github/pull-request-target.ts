import { parseRepo, type RepoRef } from './client.js';

/** Where `interlock report github` publishes: a pull request, its head commit, and links back to the run. */
export interface PullRequestTarget extends RepoRef {
  pullNumber: number;
  /** The pull request's head commit (check runs and file links attach to it). */
  headSha: string;
  /** `https://github.com` or the Enterprise server. */
  serverUrl: string;
  /** The workflow run, where the full report artifact is. */
  runUrl?: string;
}

export interface TargetFlags {
  repo?: string;
  pr?: string;
  sha?: string;
}

export type TargetResolution = { target: PullRequestTarget; problems: [] } | { target?: undefined; problems: string[] };

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Resolves the target from flags first, then the Actions environment (`GITHUB_REPOSITORY`,
 * `GITHUB_SHA`, `GITHUB_SERVER_URL`, `GITHUB_RUN_ID`) and the event payload (`pull_request.number`,
 * `pull_request.head.sha`). On a `pull_request` event `GITHUB_SHA` is the merge commit, so the
 * payload's head sha is preferred. Pure: the caller reads the environment and the event file.
 */
export function resolvePullRequestTarget(flags: TargetFlags, env: Record<string, string | undefined>, event: unknown): TargetResolution {
  const problems: string[] = [];
  const pr = record(record(event)?.pull_request);
  const fullName = flags.repo ?? env.GITHUB_REPOSITORY;
  const repo = fullName ? parseRepo(fullName) : undefined;
  if (!fullName) problems.push('the repository is unknown: pass --repo owner/name or set GITHUB_REPOSITORY');
  else if (!repo) problems.push(`--repo expects owner/name, not '${fullName}'`);
  const numberText = flags.pr ?? (typeof pr?.number === 'number' ? String(pr.number) : undefined);
  const pullNumber = numberText !== undefined && /^[1-9]\d*$/.test(numberText) ? Number(numberText) : undefined;
  if (numberText === undefined) problems.push('the pull request is unknown: pass --pr N or run on a pull_request event (GITHUB_EVENT_PATH)');
  else if (pullNumber === undefined) problems.push(`--pr expects a pull request number, not '${numberText}'`);
  const head = record(pr?.head);
  const headSha = flags.sha ?? (typeof head?.sha === 'string' ? head.sha : undefined) ?? env.GITHUB_SHA;
  if (!headSha) problems.push('the head commit is unknown: pass --sha SHA or set GITHUB_SHA');
  else if (!/^[0-9a-f]{7,64}$/i.test(headSha)) problems.push(`--sha expects a commit id, not '${headSha}'`);
  if (problems.length || !repo || pullNumber === undefined || !headSha) return { problems };
  const serverUrl = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const runUrl = env.GITHUB_RUN_ID ? `${serverUrl}/${repo.owner}/${repo.repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  return { target: { ...repo, pullNumber, headSha, serverUrl, ...(runUrl ? { runUrl } : {}) }, problems: [] };
}
