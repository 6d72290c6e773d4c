import type { Change } from '../change.js';

/** The `interlock diff --format json` document, exactly as DESIGN.md specifies it. */
export function renderChangesJson(changes: readonly Change[]): string {
  const out = {
    breaking: changes.some((c) => c.level === 'breaking'),
    changes: changes.map((c) => {
      const o: Record<string, unknown> = { id: c.id, level: c.level, message: c.message };
      if (c.operation) o.operation = { method: c.operation.method, path: c.operation.path };
      if (c.path !== undefined) o.path = c.path;
      if (c.base) o.base = { file: c.base.file, pointer: c.base.pointer, line: c.base.line };
      if (c.head) o.head = { file: c.head.file, pointer: c.head.pointer, line: c.head.line };
      return o;
    }),
  };
  return JSON.stringify(out, null, 2) + '\n';
}

function where(c: Change): string {
  const loc = c.head ?? c.base;
  return loc ? `${loc.file}:${loc.line ?? 1}` : '';
}

function summary(changes: readonly Change[]): string {
  const n = (l: string) => changes.filter((c) => c.level === l).length;
  return `${changes.length} change${changes.length === 1 ? '' : 's'}: ${n('breaking')} breaking, ${n('warning')} warning, ${n('info')} info.`;
}

/** One line per change (`level id  METHOD /path  file:line`), the message indented below, a summary last. */
export function renderChangesText(changes: readonly Change[]): string {
  if (!changes.length) return 'No changes.\n';
  const lines: string[] = [];
  for (const c of changes) {
    const subject = c.operation ? `${c.operation.method} ${c.operation.path}` : (c.path ?? '');
    lines.push(`${c.level} ${c.id}${subject ? '  ' + subject : ''}${where(c) ? '  ' + where(c) : ''}`);
    lines.push(`  ${c.message}`);
  }
  lines.push('', summary(changes));
  return lines.join('\n') + '\n';
}

/** A Markdown table for PR comments; messages are escaped for table cells. */
export function renderChangesMarkdown(changes: readonly Change[]): string {
  if (!changes.length) return 'No changes.\n';
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const lines = ['| Level | Rule | Where | Change |', '|---|---|---|---|'];
  for (const c of changes) {
    const subject = c.operation ? `\`${c.operation.method} ${c.operation.path}\`` : c.path ? `\`${c.path}\`` : '';
    lines.push(`| ${c.level} | \`${c.id}\` | ${cell(subject)} | ${cell(c.message)} |`);
  }
  lines.push('', summary(changes));
  return lines.join('\n') + '\n';
}
