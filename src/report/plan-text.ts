import type { Plan, PlannedChange } from '../plan/plan.js';
import { ACTION_SYMBOL, countLeaves, fieldPath, formatValue, isContentChange, reasonText, summaryLine } from './plan-format.js';
import { styled } from './style.js';

export interface PlanTextOptions {
  color?: boolean;
}

const COLORS = { create: 'green', update: 'yellow', delete: 'red', replace: 'magenta', noop: 'dim', bold: 'bold' } as const;

/**
 * Terraform-like text: a summary first that names every delete (and every protected resource kept),
 * a legend, each change with its field diffs (unchanged fields collapsed to a count), and the
 * `Plan: X to add, Y to change, Z to destroy.` line last.
 */
export function renderPlanText(plan: Plan, options: PlanTextOptions = {}): string {
  const paint = (color: keyof typeof COLORS, s: string) => (options.color ? styled(COLORS[color], s) : s);
  const actions = plan.changes.filter((c) => c.action !== 'noop');
  const kept = plan.changes.filter((c) => c.reason === 'protected');
  const against = `runtime revision ${plan.runtimeRevision}${plan.runtimeCommit ? `, applied commit ${plan.runtimeCommit.slice(0, 12)}` : ''}`;
  const out: string[] = [];
  if (!actions.length) {
    out.push(`No changes. The runtime matches the workspace (${against}).`);
    for (const c of kept) out.push(`  ${c.kind}/${c.name}: ${reasonText(c)}`);
    return out.join('\n') + '\n';
  }
  out.push(`Plan against ${against}${plan.commit ? `, workspace commit ${plan.commit.slice(0, 12)}` : ''}:`);
  const s = plan.summary;
  out.push(`  ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy, ${s.unchanged} unchanged${s.kept ? `, ${s.kept} protected and kept` : ''}.`);
  const destroys = actions.filter((c) => c.action === 'delete' || c.action === 'replace');
  if (destroys.length) {
    out.push('', paint('bold', 'Deletes:'));
    for (const c of destroys) out.push(`  ${paint(c.action, ACTION_SYMBOL[c.action])} ${c.kind}/${c.name}: ${reasonText(c)}`);
  }
  if (kept.length) {
    out.push('', paint('bold', 'Kept:'));
    for (const c of kept) out.push(`  ${c.kind}/${c.name}: ${reasonText(c)}`);
  }
  out.push(
    '',
    'Legend:',
    `  ${paint('create', '+')} create   ${paint('update', '~')} update in place   ${paint('delete', '-')} delete   ${paint('replace', '-/+')} delete, then create`,
    '',
  );
  for (const c of actions) out.push(...renderChange(c, paint), '');
  out.push(paint('bold', summaryLine(plan.summary)));
  return out.join('\n') + '\n';
}

function renderChange(c: PlannedChange, paint: (color: keyof typeof COLORS, s: string) => string): string[] {
  const lines = [paint(c.action, `${ACTION_SYMBOL[c.action]} ${c.kind}/${c.name}`) + `  (${reasonText(c)})`];
  for (const d of c.diff) {
    const path = fieldPath(d.path);
    if (!('before' in d)) lines.push(`    ${paint('create', '+')} ${path} = ${formatValue(d.after)}`);
    else if (!('after' in d)) lines.push(`    ${paint('delete', '-')} ${path} = ${formatValue(d.before)}`);
    else if (isContentChange(d)) lines.push(`    ${paint('update', '~')} ${path}: (content changed)`);
    else lines.push(`    ${paint('update', '~')} ${path}: ${formatValue(d.before)} → ${formatValue(d.after)}`);
  }
  if (c.action === 'update' || c.action === 'replace') {
    const total = countLeaves({ spec: c.after?.spec ?? {}, labels: c.after?.labels ?? {} });
    const changed = c.diff.filter((d) => 'after' in d).length;
    const hidden = total - changed;
    if (hidden > 0) lines.push(`    (${hidden} unchanged field${hidden === 1 ? '' : 's'} hidden)`);
  }
  return lines;
}
