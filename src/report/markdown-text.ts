/** Escaping for GitHub-flavoured Markdown: user text never breaks a table, opens HTML or ends a code span. */

/** Text inside a table cell or a list item: one line, pipes escaped, HTML neutralised. */
export function mdText(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]|]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A code span that holds any text, backticks included. */
export function mdCode(text: string): string {
  const one = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const runs = one.match(/`+/g) ?? [];
  const fence = '`'.repeat(Math.max(0, ...runs.map((r) => r.length)) + 1);
  const pad = one.startsWith('`') || one.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${one}${pad}${fence}`;
}

/** A rule id as a code span, linked to its documentation when it has one. */
export function mdRule(id: string, docs: string | undefined): string {
  return docs ? `[${mdCode(id)}](${docs})` : mdCode(id);
}

/** Where to link file locations: the pull request's head commit on GitHub. */
export interface LinkBase {
  serverUrl: string;
  repository: string;
  sha: string;
  /** The workspace's folder in the repository, when it is not the root. */
  pathPrefix?: string;
}

/** `file:line` as text, linked to the file at the head commit when a link base is known. */
export function mdLocation(file: string, line: number | undefined, links?: LinkBase): string {
  const label = line ? `${file}:${line}` : file;
  if (!links || !file) return mdCode(label);
  const full = links.pathPrefix ? `${links.pathPrefix.replace(/\/+$/, '')}/${file}` : file;
  const path = full.split('/').map(encodeURIComponent).join('/');
  const url = `${links.serverUrl}/${links.repository}/blob/${links.sha}/${path}${line ? `#L${line}` : ''}`;
  return `[${mdCode(label)}](${url})`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
