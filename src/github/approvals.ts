import type { Octokit } from '@octokit/rest';
import type { Diagnostic, Result, SourceLocation } from '../core/diagnostic.js';
import { locationOf } from '../core/document.js';
import { appendPointer } from '../core/pointer.js';
import { formatMessage } from '../policy/rule.js';
import { approvals } from '../policy/rules/approvals.js';
import type { WorkspaceModel } from '../validate/model.js';
import { githubCall } from './client.js';

/** An onboarding approval present in the head revision but not in the base. */
export interface AddedApproval {
  vendor: string;
  by: string;
  role: string;
  at: string;
  location: SourceLocation;
}

const key = (vendor: string, a: { by: string; role: string; at: string }) => `${vendor}\0${a.by.toLowerCase()}\0${a.role}\0${String(a.at)}`;

/** Approvals the change adds: vendor approvals in `head` that `base` (the target branch) does not have. */
export function approvalsAdded(base: WorkspaceModel | undefined, head: WorkspaceModel): AddedApproval[] {
  const before = new Set<string>();
  for (const v of base?.vendors.values() ?? []) for (const a of v.manifest.spec.approvals ?? []) before.add(key(v.name, a));
  const out: AddedApproval[] = [];
  for (const v of head.vendors.values()) {
    (v.manifest.spec.approvals ?? []).forEach((a, n) => {
      if (before.has(key(v.name, a))) return;
      out.push({ vendor: v.name, by: a.by, role: a.role, at: String(a.at), location: locationOf(v.doc, appendPointer('/spec/approvals', n, 'by')) });
    });
  }
  return out;
}

export interface VerifyApprovalsOptions {
  /** A client from `createGitHubClient` (its baseUrl honours GITHUB_API_URL, which the CLI passes). */
  octokit: Octokit;
  owner: string;
  repo: string;
  pull: number;
  added: readonly AddedApproval[];
}

export interface ApprovalVerification {
  /** The pull request's author, for the approvals rule's "nobody approves their own change". */
  author: string;
  /** Logins whose latest review is an approval. */
  approvedBy: string[];
  checked: number;
}

type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING' | string;

/**
 * Every approval the pull request adds must be backed by an approving review from that GitHub user: their
 * latest review that is not a plain comment is APPROVED (a later change request or a dismissal withdraws it).
 * An approval by the pull request's own author is never backed. GitHub failures are FatalErrors (exit 2).
 */
export async function verifyApprovals(options: VerifyApprovalsOptions): Promise<Result<ApprovalVerification>> {
  const { octokit, owner, repo, pull } = options;
  const pr = await githubCall(`reading pull request #${pull}`, () => octokit.rest.pulls.get({ owner, repo, pull_number: pull }));
  const author = pr.data.user?.login ?? '';
  const reviews = await githubCall(`listing reviews of pull request #${pull}`, () =>
    octokit.paginate(octokit.rest.pulls.listReviews, { owner, repo, pull_number: pull, per_page: 100 }),
  );
  const latest = new Map<string, ReviewState>();
  for (const review of reviews) {
    const login = review.user?.login?.toLowerCase();
    if (!login || review.state === 'COMMENTED' || review.state === 'PENDING') continue;
    latest.set(login, review.state); // the list is in submission order
  }
  const approvedBy = [...latest].filter(([, state]) => state === 'APPROVED').map(([login]) => login);
  const diagnostics: Diagnostic[] = [];
  for (const a of options.added) {
    const login = a.by.toLowerCase();
    const state = latest.get(login);
    if (state === 'APPROVED' && login !== author.toLowerCase()) continue;
    const why = login === author.toLowerCase() ? 'is the pull request\u2019s author' : state ? `last reviewed it as ${state}` : 'has not reviewed it';
    const data = { vendor: a.vendor, by: a.by, role: a.role, pull, why };
    diagnostics.push({
      severity: 'error',
      code: 'policy/approvals',
      message: formatMessage(approvals.meta.messages.noApprovingReview, data),
      location: a.location,
      data: { rule: 'approvals', messageId: 'noApprovingReview', ...data, reviewState: state ?? 'none', author },
    });
  }
  return { value: { author, approvedBy, checked: options.added.length }, diagnostics };
}
