import type { Change, Level } from '../../compat/change.js';
import { changeDocsUrl } from '../../core/rule-docs.js';
import { changeMessage } from '../compat-change-message.js';
import { mdCode, mdText } from '../markdown-text.js';
import { groupChanges, shown, titleLine, whereOf, type DiffReport } from './diff-report.js';

/** GitHub refuses comments over 65,536 characters; the report stays under. */
export const MARKDOWN_LIMIT = 65_536;
/** Room kept for the closing note that says what was left out. */
const FOOTER_ROOM = 400;
/** Messages of breaking changes are cut to this length only when all of them would not fit otherwise. */
const SHORT_MESSAGE = 160;

export interface MarkdownOptions {
  /** The command that prints the full report, named in the note when changes are left out. */
  fullReport?: string;
}

function entry(c: Change, short: boolean): string {
  const full = changeMessage(c);
  const message = short && full.length > SHORT_MESSAGE ? `${full.slice(0, SHORT_MESSAGE)}…` : full;
  const where = whereOf(c);
  return `- [${mdCode(c.id)}][${c.id}] ${mdText(message)}${where ? ` (${mdCode(where)})` : ''}`;
}

/** Blocks of one level: a heading line per group, then its entries; each block is kept whole or dropped. */
function blocks(changes: Change[], short: boolean): string[][] {
  // The blank line ends the list, so the next group's heading is not read as part of its last item.
  return groupChanges(changes).map((g) => [`**${mdCode(g.title)}**${g.reaches ? ` — reaches ${g.reaches} operations` : ''}`, '', ...g.changes.map((c) => entry(c, short)), '']);
}

const HEADING: Record<Level, string> = { breaking: 'Breaking', warning: 'Warnings', info: 'Info' };

/**
 * A pull-request comment: the title with counts, breaking changes and warnings grouped per operation,
 * info folded in `<details>`. Under 65,536 characters: every breaking change is always shown; warnings
 * and info fill the rest, and a closing note counts what was left out and names the full report.
 */
export function renderDiffMarkdown(report: DiffReport, options: MarkdownOptions = {}): string {
  const out: string[] = [`### ${mdText(titleLine(report))}`, ''];
  const changes = shown(report);
  if (!report.changes.length) return `${out[0]}\n\nNo changes.\n`;
  if (!changes.length) return `${out[0]}\n\nNo changes at level ${report.level} or above.\n`;
  const byLevel = (l: Level) => changes.filter((c) => c.level === l);
  let size = out.join('\n').length;
  // Each rule id links to its docs through one reference definition at the end, so a long list of changes
  // pays for each URL once.
  const definitions = [...new Set(changes.map((c) => c.id))].sort().map((id) => `[${id}]: ${changeDocsUrl(id) ?? '#'}`);
  const budget = MARKDOWN_LIMIT - FOOTER_ROOM - definitions.join('\n').length - 2;
  let omitted = 0;

  const breaking = byLevel('breaking');
  if (breaking.length) {
    let bl = blocks(breaking, false);
    if (bl.flat().join('\n').length + size > budget) bl = blocks(breaking, true);
    out.push(`#### ${HEADING.breaking} (${breaking.length})`, '', ...bl.flat());
    size = out.join('\n').length;
  }
  for (const level of ['warning', 'info'] as const) {
    const list = byLevel(level);
    if (!list.length) continue;
    const open = level === 'info' ? [`<details><summary>${HEADING.info} (${list.length})</summary>`, ''] : [`#### ${HEADING.warning} (${list.length})`, ''];
    const close = level === 'info' ? ['</details>', ''] : [];
    const section: string[] = [...open];
    let sectionSize = size + open.join('\n').length + close.join('\n').length + 2;
    let kept = 0;
    for (const block of blocks(list, false)) {
      const text = block.join('\n');
      if (sectionSize + text.length + 1 > budget) {
        omitted += block.length - 3;
        continue;
      }
      section.push(...block);
      sectionSize += text.length + 1;
      kept += block.length - 3;
    }
    if (kept) {
      out.push(...section, ...close);
      size = out.join('\n').length;
    }
  }
  if (omitted) {
    const full = options.fullReport ?? 'interlock diff BASE HEAD --format json';
    out.push(`_${omitted} change${omitted === 1 ? '' : 's'} not shown to stay under GitHub's comment limit; the full report is ${mdCode(full)}._`, '');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n\n${definitions.join('\n')}\n`;
}
