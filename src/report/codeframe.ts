/** A few lines of source around a position with a caret under the column, as compilers print them. */
export function codeframe(text: string, line: number, column: number, context = 2): string {
  const lines = text.split('\n');
  if (line < 1 || line > lines.length) return '';
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const marker = n === line ? '>' : ' ';
    const src = lines[n - 1].replace(/\r$/, '');
    const shown = src.length > 160 ? src.slice(0, 157) + '...' : src;
    out.push(`${marker} ${String(n).padStart(width)} | ${shown}`);
    if (n === line) out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, Math.min(column, 160) - 1))}^`);
  }
  return out.join('\n');
}
