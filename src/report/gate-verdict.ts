import type { Diagnostic } from '../core/diagnostic.js';
import { sortDiagnostics } from '../core/diagnostic.js';
import { LEVEL_RANK } from '../compat/change.js';
import { allChanges, type GateChange, type GateReport } from '../engine/gate-report.js';

/** The pull-request label with which reviewers accept announced breaking changes. */
export const APPROVAL_LABEL = 'breaking-change-approved';

export interface ChangeEntry {
  file: string;
  contract?: string;
  change: GateChange;
}

/** Why the gate fails; stable ids for JSON consumers and tests. */
export type GateReason = 'errors' | 'breaking-unannounced' | 'breaking-awaiting-approval' | 'stale-generated';

export interface Approval {
  label: string;
  /** Whether the label is on the pull request and counts. */
  present: boolean;
  /** Who added it, when the label's history was read. */
  by?: string;
  at?: string;
  /** The label is on the pull request but does not count: its author added it (nobody approves their own change). */
  refused?: 'author';
}

export interface GateVerdict {
  conclusion: 'success' | 'failure';
  reasons: GateReason[];
  errors: Diagnostic[];
  warnings: Diagnostic[];
  notices: Diagnostic[];
  /** Breaking changes that were not announced: they fail the gate whatever the labels. */
  unannounced: ChangeEntry[];
  /** Announced breaking changes: they pass once a reviewer adds the approval label. */
  announced: ChangeEntry[];
  /** Warnings and infos among the changes. */
  otherChanges: ChangeEntry[];
  approval: Approval;
  stale: string[];
}

export interface JudgeOptions {
  /** Labels on the pull request. */
  labels?: readonly string[];
  approvalLabel?: string;
  /** Who added the approval label and when (from the events). */
  approvedBy?: { login: string; at?: string };
  /** The pull request's author: a label they added themselves does not count. */
  author?: string;
}

function byLevel(a: ChangeEntry, b: ChangeEntry): number {
  const r = LEVEL_RANK[b.change.level] - LEVEL_RANK[a.change.level];
  if (r) return r;
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.change.id < b.change.id ? -1 : a.change.id > b.change.id ? 1 : 0;
}

/** What the gate decides from a report and the pull request's labels. Pure. */
export function judgeGate(report: GateReport, options: JudgeOptions = {}): GateVerdict {
  const label = options.approvalLabel ?? APPROVAL_LABEL;
  const onPullRequest = (options.labels ?? []).includes(label);
  const by = onPullRequest ? options.approvedBy : undefined;
  const selfApproved = Boolean(by && options.author && by.login.toLowerCase() === options.author.toLowerCase());
  const present = onPullRequest && !selfApproved;
  const diagnostics = sortDiagnostics(report.diagnostics);
  const entries = allChanges(report).sort(byLevel);
  const unannounced = entries.filter((e) => e.change.level === 'breaking' && !e.change.announced);
  const announced = entries.filter((e) => e.change.level === 'breaking' && e.change.announced);
  const verdict: GateVerdict = {
    conclusion: 'success',
    reasons: [],
    errors: diagnostics.filter((d) => d.severity === 'error'),
    warnings: diagnostics.filter((d) => d.severity === 'warning'),
    notices: diagnostics.filter((d) => d.severity === 'info'),
    unannounced,
    announced,
    otherChanges: entries.filter((e) => e.change.level !== 'breaking'),
    approval: {
      label,
      present,
      ...(by ? { by: by.login, ...(by.at ? { at: by.at } : {}) } : {}),
      ...(selfApproved ? { refused: 'author' as const } : {}),
    },
    stale: [...report.stale].sort(),
  };
  if (verdict.errors.length) verdict.reasons.push('errors');
  if (unannounced.length) verdict.reasons.push('breaking-unannounced');
  if (announced.length && !present) verdict.reasons.push('breaking-awaiting-approval');
  if (verdict.stale.length) verdict.reasons.push('stale-generated');
  verdict.conclusion = verdict.reasons.length ? 'failure' : 'success';
  return verdict;
}
