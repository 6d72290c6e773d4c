import type { Level } from '../../compat/change.js';
import { changeMessage } from '../compat-change-message.js';
import { shown, titleLine, type DiffReport } from './diff-report.js';

const COMMAND: Record<Level, string> = { breaking: 'error', warning: 'warning', info: 'notice' };

/** Workflow command data: `%`, CR and LF are escaped. */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow command properties also escape `:` and `,`. */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`): each change becomes an
 * annotation on its file and line in the run and the pull request. The title line comes first as a
 * plain log line.
 */
export function renderDiffGithubActions(report: DiffReport): string {
  const lines = [titleLine(report)];
  for (const c of shown(report)) {
    const loc = c.head ?? c.base;
    const subject = c.operation ? ` (${c.operation.method} ${c.operation.path})` : c.path ? ` (${c.path})` : '';
    const props = [loc ? `file=${escapeProperty(loc.file)}` : '', loc ? `line=${loc.line ?? 1}` : '', `title=${escapeProperty(`${c.id}${subject}`)}`].filter(Boolean).join(',');
    lines.push(`::${COMMAND[c.level]} ${props}::${escapeData(changeMessage(c))}`);
  }
  return lines.join('\n') + '\n';
}
