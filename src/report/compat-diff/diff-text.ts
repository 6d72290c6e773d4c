import { changeDocsUrl } from '../../core/rule-docs.js';
import { changeMessage } from '../compat-change-message.js';
import { groupChanges, shown, titleLine, whereOf, type DiffReport } from './diff-report.js';

/**
 * The terminal report: the title line with counts, then one block per operation (breaking first),
 * each change as `level id  file:line` with its message below. A shared component change is shown
 * once under its component, with the number of operations it reaches.
 */
export function renderDiffText(report: DiffReport): string {
  const lines = [titleLine(report)];
  const changes = shown(report);
  if (!report.changes.length) return `${lines[0]}\nNo changes.\n`;
  if (!changes.length) return `${lines[0]}\nNo changes at level ${report.level} or above.\n`;
  if (report.level !== 'info') lines.push(`Showing ${changes.length} change${changes.length === 1 ? '' : 's'} at level ${report.level} or above.`);
  for (const g of groupChanges(changes)) {
    lines.push('', g.reaches ? `${g.title} — reaches ${g.reaches} operations` : g.title);
    for (const c of g.changes) {
      const where = whereOf(c);
      lines.push(`  ${c.level} ${c.id}${where ? '  ' + where : ''}`);
      lines.push(`    ${changeMessage(c)}`);
      const docs = changeDocsUrl(c.id);
      if (docs) lines.push(`    docs: ${docs}`);
    }
  }
  return lines.join('\n') + '\n';
}
