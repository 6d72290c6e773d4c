/**
 * The report of one `interlock diff`: what every format (text, Markdown, GitHub Actions, JSON) shows.
 * Changes are grouped per operation (breaking first); a change inside a shared component that reaches
 * several operations is one group of its own, shown once with the count.
 */
import { atLeast, LEVEL_RANK, type Change, type ContractInfo, type Level } from '../../compat/change.js';

export type { ContractInfo };

export interface DiffSummary {
  breaking: number;
  warning: number;
  info: number;
  total: number;
}

export interface DiffReport {
  base: ContractInfo;
  head: ContractInfo;
  summary: DiffSummary;
  /** Every change, sorted (breaking first). */
  changes: readonly Change[];
  /** The lowest level shown (`--level`); counts in the summary are always of every change. */
  level: Level;
}

export interface ChangeGroup {
  /** `GET /users/{id}`, a GraphQL type, `Component #/components/schemas/X`, or `API-wide`. */
  title: string;
  /** Operations a shared component change reaches (0 for an operation's own group). */
  reaches: number;
  level: Level;
  changes: Change[];
}

export function buildDiffReport(base: ContractInfo, head: ContractInfo, changes: readonly Change[], level: Level = 'info'): DiffReport {
  const summary: DiffSummary = { breaking: 0, warning: 0, info: 0, total: changes.length };
  for (const c of changes) summary[c.level]++;
  return { base, head, summary, changes, level };
}

/** "Stripe API 2020-03-02 → 2020-08-27: 14 breaking, 9 warnings, 412 info" */
export function titleLine(report: DiffReport): string {
  const { base, head, summary } = report;
  const title = head.title ?? base.title;
  let what: string;
  if (title && base.version && head.version && base.version !== head.version) what = `${title} ${base.version} → ${head.version}`;
  else if (title) what = `${title} (${base.file} → ${head.file})`;
  else what = `${base.file} → ${head.file}`;
  return `${what}: ${summary.breaking} breaking, ${summary.warning} warning${summary.warning === 1 ? '' : 's'}, ${summary.info} info`;
}

export function shown(report: DiffReport): Change[] {
  return report.changes.filter((c) => atLeast(c.level, report.level));
}

function reachCount(c: Change): number {
  const ops = c.data?.operations;
  return Array.isArray(ops) ? ops.length : 0;
}

function groupKey(c: Change): { key: string; title: string; reaches: number } {
  const reaches = reachCount(c);
  if (reaches > 1) {
    const schema = typeof c.data?.schema === 'string' ? c.data.schema : (c.head ?? c.base)?.pointer ?? '';
    return { key: `component ${schema}`, title: `Component ${schema}`, reaches };
  }
  if (c.operation) return { key: `op ${c.operation.path} ${c.operation.method}`, title: `${c.operation.method} ${c.operation.path}`, reaches: 0 };
  if (c.path !== undefined) {
    const type = c.path.split('.')[0];
    return { key: `type ${type}`, title: type, reaches: 0 };
  }
  return { key: 'api', title: 'API-wide', reaches: 0 };
}

/** Groups of the given changes, the group with the most severe change first, then by title. */
export function groupChanges(changes: readonly Change[]): ChangeGroup[] {
  const groups = new Map<string, ChangeGroup>();
  for (const c of changes) {
    const { key, title, reaches } = groupKey(c);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { title, reaches, level: c.level, changes: [] }));
    g.reaches = Math.max(g.reaches, reaches);
    if (LEVEL_RANK[c.level] > LEVEL_RANK[g.level]) g.level = c.level;
    g.changes.push(c);
  }
  const out = [...groups.values()];
  for (const g of out) g.changes.sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out.sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level] || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
}

/** `file:line` of a change (head side, or base when it is gone from the head). */
export function whereOf(c: Change): string {
  const loc = c.head ?? c.base;
  return loc ? `${loc.file}:${loc.line ?? 1}` : '';
}
