import type { Plan, PlannedChange } from '../plan/plan.js';
import { ACTION_SYMBOL, fieldPath, formatValue, isContentChange, reasonText, summaryLine } from './plan-format.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function code(text: string): string {
  return '`' + text.replace(/`/g, "'") + '`';
}

/** Markdown for a pull request comment: summary, every delete spelled out, one collapsible section per change. */
export function renderPlanMarkdown(plan: Plan): string {
  const actions = plan.changes.filter((c) => c.action !== 'noop');
  const kept = plan.changes.filter((c) => c.reason === 'protected');
  const out: string[] = ['### Interlock plan', ''];
  out.push(`Against runtime revision **${plan.runtimeRevision}**${plan.commit ? `, workspace commit ${code(plan.commit.slice(0, 12))}` : ''}.`, '');
  if (!actions.length) {
    out.push('**No changes.** The runtime matches the workspace.');
  } else {
    out.push(`**${summaryLine(plan.summary)}**`, '');
    const destroys = actions.filter((c) => c.action === 'delete' || c.action === 'replace');
    if (destroys.length) {
      out.push('**Deletes:**', '');
      for (const c of destroys) out.push(`- ${code(`${ACTION_SYMBOL[c.action]} ${c.kind}/${c.name}`)}: ${reasonText(c)}`);
      out.push('');
    }
  }
  if (kept.length) {
    out.push('**Kept (protected):**', '');
    for (const c of kept) out.push(`- ${code(`${c.kind}/${c.name}`)}: ${reasonText(c)}`);
    out.push('');
  }
  if (actions.length) {
    out.push('| | Resource | Why |', '|---|---|---|');
    for (const c of actions) out.push(`| ${code(ACTION_SYMBOL[c.action])} | ${code(`${c.kind}/${c.name}`)} | ${cell(reasonText(c))} |`);
    out.push('');
    for (const c of actions) if (c.diff.length) out.push(...details(c), '');
  }
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

function details(c: PlannedChange): string[] {
  const lines = [`<details><summary>${ACTION_SYMBOL[c.action]} ${c.kind}/${c.name}: ${c.diff.length} field${c.diff.length === 1 ? '' : 's'}</summary>`, '', '| Field | Before | After |', '|---|---|---|'];
  for (const d of c.diff) {
    if (isContentChange(d)) {
      lines.push(`| ${code(fieldPath(d.path))} | (content changed) | |`);
      continue;
    }
    const before = 'before' in d ? code(formatValue(d.before)) : '';
    const after = 'after' in d ? code(formatValue(d.after)) : '';
    lines.push(`| ${code(fieldPath(d.path))} | ${cell(before)} | ${cell(after)} |`);
  }
  lines.push('', '</details>');
  return lines;
}
