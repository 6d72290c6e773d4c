/**
 * The sticky pull-request comment: a hidden marker, the verdict and a summary first (breaking changes,
 * policy failures, plan counts with every delete spelled out), then the details in collapsible sections,
 * cut to GitHub's comment limit with a pointer to the full report.
 */
import { gateChangeMessage } from './compat-change-message.js';
import type { Diagnostic } from '../core/diagnostic.js';
import type { GateReport } from '../engine/gate-report.js';
import type { ChangeEntry, GateVerdict } from './gate-verdict.js';
import { changeDocsUrl, ruleDocsUrl } from '../core/rule-docs.js';
import { mdCode, mdLocation, mdRule, mdText, plural, type LinkBase } from './markdown-text.js';

/** Finds the comment again on the next push. */
export const REPORT_MARKER = '<!-- interlock:report -->';

/** GitHub refuses issue comments longer than this many characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface GateMarkdownOptions {
  /** Links file locations to the pull request's head commit. */
  links?: LinkBase;
  /** Where the full report (artifact) can be downloaded; named when the comment is truncated. */
  artifactUrl?: string;
  /** The head commit, shown in the footer. */
  sha?: string;
  /** Maximum length in characters (default GitHub's limit). */
  limit?: number;
  /** Rows per summary list before "and N more" (details still list everything). */
  summaryRows?: number;
}

export interface GateMarkdown {
  body: string;
  truncated: boolean;
  /** Length before truncation. */
  fullLength: number;
}

function changeWhere(e: ChangeEntry, links?: LinkBase): string {
  const { head, base } = e.change;
  const op = e.change.operation ? `${e.change.operation.method.toUpperCase()} ${e.change.operation.path}` : e.change.path;
  // Links point at the head commit; a removal's line exists only in the base, so it is named, not linked.
  const at = head
    ? mdLocation(head.file, head.line, links)
    : base
      ? `${mdLocation(base.file, undefined, links)}${base.line ? ` (base line ${base.line})` : ''}`
      : mdCode(e.file);
  return op ? `${mdCode(op)} in ${at}` : at;
}

function diagnosticWhere(d: Diagnostic, links?: LinkBase): string {
  return d.location?.file ? mdLocation(d.location.file, d.location.line, links) : '';
}

function changeItem(e: ChangeEntry, links?: LinkBase): string {
  return `- ${mdRule(e.change.id, changeDocsUrl(e.change.id))} ${changeWhere(e, links)}: ${mdText(gateChangeMessage(e.change))}`;
}

function diagnosticItem(d: Diagnostic, links?: LinkBase): string {
  const where = diagnosticWhere(d, links);
  return `- ${mdRule(d.code, ruleDocsUrl(d.code))}${where ? ` ${where}` : ''}: ${mdText(d.message)}`;
}

function capped<T>(items: readonly T[], rows: number, render: (item: T) => string): string[] {
  const lines = items.slice(0, rows).map(render);
  if (items.length > rows) lines.push(`- … and ${items.length - rows} more (see the details below)`);
  return lines;
}

function headline(verdict: GateVerdict): string {
  if (verdict.conclusion === 'success') return '### ✅ Interlock: the gate passes';
  const parts: string[] = [];
  if (verdict.unannounced.length) parts.push(plural(verdict.unannounced.length, 'unannounced breaking change'));
  if (verdict.reasons.includes('breaking-awaiting-approval')) parts.push(plural(verdict.announced.length, 'announced breaking change') + ' awaiting approval');
  if (verdict.errors.length) parts.push(plural(verdict.errors.length, 'error'));
  if (verdict.stale.length) parts.push(plural(verdict.stale.length, 'stale generated file'));
  return `### ❌ Interlock: the gate fails — ${parts.join(', ')}`;
}

function summaryTable(report: GateReport, verdict: GateVerdict): string[] {
  const breaking = verdict.unannounced.length + verdict.announced.length;
  const breakingCell = breaking
    ? `${verdict.unannounced.length} unannounced, ${verdict.announced.length} announced`
    : 'none';
  const plan = report.plan
    ? `${report.plan.summary.add} to add, ${report.plan.summary.change} to change, ${report.plan.summary.destroy} to destroy`
    : 'not run';
  return [
    '| | |',
    '|---|---|',
    `| Breaking changes | ${breakingCell} |`,
    `| Other contract changes | ${verdict.otherChanges.length} |`,
    `| Validation and policy | ${plural(verdict.errors.length, 'error')}, ${plural(verdict.warnings.length, 'warning')} |`,
    `| Generated code | ${verdict.stale.length ? plural(verdict.stale.length, 'stale file') : 'up to date'} |`,
    `| Plan | ${plan} |`,
  ];
}

function approvalLine(verdict: GateVerdict): string[] {
  if (!verdict.announced.length) return [];
  const { label, present, by, at, refused } = verdict.approval;
  if (refused === 'author') {
    return [`> The ${mdCode(label)} label was added by @${by ?? '?'}, the author of this pull request, so it does not count: a reviewer other than the author must add it.`, ''];
  }
  if (present) {
    const who = by ? ` by @${by}` : '';
    const when = at ? ` on ${at.slice(0, 10)}` : '';
    return [`> Announced breaking changes accepted with the ${mdCode(label)} label${who}${when}.`, ''];
  }
  return [`> Announced breaking changes need a reviewer's acceptance: add the ${mdCode(label)} label to this pull request.`, ''];
}

function summary(report: GateReport, verdict: GateVerdict, rows: number, links?: LinkBase): string[] {
  const out: string[] = [headline(verdict), '', ...summaryTable(report, verdict), '', ...approvalLine(verdict)];
  if (report.plan?.deletes.length) {
    out.push(`**The plan deletes ${plural(report.plan.deletes.length, 'resource')}:**`, '');
    // Every delete is spelled out: a destroy must never hide behind a count.
    for (const d of report.plan.deletes) out.push(`- ${d.action === 'replace' ? 'replace (delete, then create)' : 'delete'} ${mdCode(`${d.kind}/${d.name}`)}${d.reason ? ` — ${mdText(d.reason)}` : ''}`);
    out.push('');
  }
  if (verdict.unannounced.length) {
    out.push('**Unannounced breaking changes** (bump the contract\'s major version and announce them, or deprecate first):', '');
    out.push(...capped(verdict.unannounced, rows, (e) => changeItem(e, links)), '');
  }
  if (verdict.announced.length) {
    out.push('**Announced breaking changes:**', '');
    out.push(...capped(verdict.announced, rows, (e) => changeItem(e, links)), '');
  }
  if (verdict.errors.length) {
    out.push('**Validation and policy errors:**', '');
    out.push(...capped(verdict.errors, rows, (d) => diagnosticItem(d, links)), '');
  }
  if (verdict.stale.length) {
    out.push('**Stale generated files** (run `interlock generate`, or `interlock codeowners` for CODEOWNERS, and commit the result):', '');
    out.push(...capped(verdict.stale, rows, (f) => `- ${mdCode(f)}`), '');
  }
  return out;
}

function details(title: string, lines: string[]): string[] {
  if (!lines.length) return [];
  return ['<details>', `<summary>${title}</summary>`, '', ...lines, '', '</details>', ''];
}

function changeTables(report: GateReport, links?: LinkBase): string[] {
  const out: string[] = [];
  for (const c of report.contracts) {
    if (!c.changes.length) continue;
    out.push(`**${mdText(c.contract ?? c.file)}** (${mdCode(c.file)})`, '', '| level | rule | where | change |', '|---|---|---|---|');
    for (const change of c.changes) {
      const level = change.level === 'breaking' && change.announced ? 'breaking (announced)' : change.level;
      out.push(`| ${level} | ${mdRule(change.id, changeDocsUrl(change.id))} | ${changeWhere({ file: c.file, change }, links)} | ${mdText(gateChangeMessage(change))} |`);
    }
    out.push('');
  }
  return out;
}

function diagnosticTable(diagnostics: readonly Diagnostic[], links?: LinkBase): string[] {
  if (!diagnostics.length) return [];
  const out = ['| severity | code | where | message |', '|---|---|---|---|'];
  for (const d of diagnostics) out.push(`| ${d.severity} | ${mdRule(d.code, ruleDocsUrl(d.code))} | ${diagnosticWhere(d, links)} | ${mdText(d.message)} |`);
  return out;
}

function footer(options: GateMarkdownOptions): string {
  const parts = ['Interlock'];
  if (options.sha) parts.push(`commit ${mdCode(options.sha.slice(0, 12))}`);
  if (options.artifactUrl) parts.push(`[full report](${options.artifactUrl})`);
  return `<sub>${parts.join(' · ')} · this comment is updated on every push</sub>`;
}

/** Renders the comment; pure. */
export function renderGateMarkdown(report: GateReport, verdict: GateVerdict, options: GateMarkdownOptions = {}): GateMarkdown {
  const rows = options.summaryRows ?? 20;
  const links = options.links;
  const changeCount = report.contracts.reduce((n, c) => n + c.changes.length, 0);
  const diagnostics = [...verdict.errors, ...verdict.warnings, ...verdict.notices];
  const lines = [
    REPORT_MARKER,
    ...summary(report, verdict, rows, links),
    ...details(`All contract changes (${changeCount})`, changeTables(report, links)),
    ...details(`All validation and policy findings (${diagnostics.length})`, diagnosticTable(diagnostics, links)),
    ...details(`Stale generated files (${verdict.stale.length})`, verdict.stale.map((f) => `- ${mdCode(f)}`)),
  ];
  const foot = footer(options);
  const full = `${lines.join('\n')}\n${foot}\n`;
  const limit = options.limit ?? GITHUB_COMMENT_LIMIT;
  if (full.length <= limit) return { body: full, truncated: false, fullLength: full.length };
  return { body: truncate(lines, foot, full.length, limit, options.artifactUrl), truncated: true, fullLength: full.length };
}

/**
 * Keeps whole lines from the top (the summary comes first) until the limit, closes any `<details>`
 * left open, and says how much was left out and where the full report is.
 */
function truncate(lines: string[], foot: string, fullLength: number, limit: number, artifactUrl?: string): string {
  const pointer = artifactUrl ? `the full report is in the [workflow run's artifacts](${artifactUrl})` : "the full report is in the workflow run's artifacts";
  // Room for the notice, closing tags and footer; measured with the longest numbers they can hold.
  const notice = (shown: number): string => `\n> **Truncated:** this comment shows ${thousands(shown)} of ${thousands(fullLength)} characters; ${pointer}.\n`;
  const closeTag = '\n</details>\n';
  const reserve = notice(limit).length + closeTag.length + foot.length + 2;
  const budget = limit - reserve;
  const kept: string[] = [];
  let length = 0;
  let open = 0;
  for (const line of lines) {
    if (length + line.length + 1 > budget) break;
    kept.push(line);
    length += line.length + 1;
    if (line === '<details>') open++;
    if (line === '</details>') open--;
  }
  if (!kept.length) kept.push(lines[0].slice(0, Math.max(budget, 0)));
  let body = kept.join('\n');
  if (open > 0) body += closeTag;
  body += notice(body.length);
  return `${body}\n${foot}\n`;
}

function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
