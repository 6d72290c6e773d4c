import type { Octokit } from '@octokit/rest';
import type { GateReport } from '../engine/gate-report.js';
import { APPROVAL_LABEL, judgeGate, type GateVerdict } from '../report/gate-verdict.js';
import { gateAnnotations } from '../report/github-annotations.js';
import { REPORT_MARKER, renderGateMarkdown } from '../report/markdown-gate.js';
import { publishCheckRun, type CheckRunResult } from './check-run.js';
import { githubCall } from './client.js';
import { readLabels } from './labels.js';
import type { PullRequestTarget } from './pull-request-target.js';
import { upsertStickyComment, type StickyCommentResult } from './sticky-comment.js';

export interface PublishOptions {
  approvalLabel?: string;
  /** Name of the check run (default `Interlock`). */
  checkName?: string;
  /** Where the full report artifact is (default: the workflow run). */
  artifactUrl?: string;
  /** The workspace's folder in the repository, when it is not the root. */
  pathPrefix?: string;
  /** Skip the check run (e.g. a token without `checks: write`). */
  checkRun?: boolean;
}

export interface PublishResult {
  verdict: GateVerdict;
  comment: StickyCommentResult;
  checkRun?: CheckRunResult;
  truncated: boolean;
  commentLength: number;
}

/**
 * Publishes the gate on a pull request: reads its labels (and who added the approval label), judges,
 * writes the one sticky comment and a check run with annotations. Returns what it did.
 */
export async function publishGateReport(octokit: Octokit, target: PullRequestTarget, report: GateReport, options: PublishOptions = {}): Promise<PublishResult> {
  const label = options.approvalLabel ?? APPROVAL_LABEL;
  const { owner, repo } = target;
  const labels = await readLabels(octokit, { owner, repo, issueNumber: target.pullNumber, label });
  const author = labels.labels.includes(label) ? await pullRequestAuthor(octokit, target) : undefined;
  const verdict = judgeGate(report, {
    labels: labels.labels,
    approvalLabel: label,
    ...(labels.addedBy ? { approvedBy: labels.addedBy } : {}),
    ...(author ? { author } : {}),
  });
  const artifactUrl = options.artifactUrl ?? target.runUrl;
  const links = { serverUrl: target.serverUrl, repository: `${owner}/${repo}`, sha: target.headSha, ...(options.pathPrefix ? { pathPrefix: options.pathPrefix } : {}) };
  const markdown = renderGateMarkdown(report, verdict, { links, sha: target.headSha, ...(artifactUrl ? { artifactUrl } : {}) });
  const comment = await upsertStickyComment(octokit, { owner, repo, issueNumber: target.pullNumber, marker: REPORT_MARKER, body: markdown.body });
  let checkRun: CheckRunResult | undefined;
  if (options.checkRun !== false) {
    const prefix = options.pathPrefix ? options.pathPrefix.replace(/\/+$/, '') + '/' : '';
    const annotations = gateAnnotations(verdict).map((a) => ({ ...a, path: prefix + a.path }));
    checkRun = await publishCheckRun(octokit, {
      owner,
      repo,
      name: options.checkName ?? 'Interlock',
      headSha: target.headSha,
      conclusion: verdict.conclusion,
      title: verdict.conclusion === 'success' ? 'The gate passes' : `The gate fails: ${verdict.reasons.join(', ')}`,
      summary: markdown.body,
      annotations,
      ...(artifactUrl ? { detailsUrl: artifactUrl } : {}),
    });
  }
  return { verdict, comment, ...(checkRun ? { checkRun } : {}), truncated: markdown.truncated, commentLength: markdown.body.length };
}

/** Who opened the pull request; read only when the approval label is on it. */
async function pullRequestAuthor(octokit: Octokit, target: PullRequestTarget): Promise<string | undefined> {
  const pull = await githubCall(`reading pull request #${target.pullNumber}`, () =>
    octokit.rest.pulls.get({ owner: target.owner, repo: target.repo, pull_number: target.pullNumber }),
    { retry: true },
  );
  return pull.data.user?.login;
}
