import { parsePointer } from '../../core/pointer.js';

interface Trie {
  children: Map<string, Trie>;
  at?: [number, number];
}

interface Frame {
  col: number;
  trie: Trie;
  item: boolean;
  nextIndex: number;
}

/**
 * Line and column of many JSON pointers in a block-style YAML document, in one line-by-line pass
 * (no AST). Only keys on the way to a wanted pointer are read; any other subtree is skipped by its
 * indentation alone. Built for the shapes API descriptions use: block mappings and sequences, quoted
 * or plain keys, block scalars and multi-line plain scalars (continuation lines). Flow collections are
 * leaves. A pointer it cannot see resolves to its nearest ancestor.
 */
export function locateYamlLines(text: string, pointers: Iterable<string>): Map<string, [number, number]> {
  const root: Trie = { children: new Map(), at: [1, 1] };
  const wanted: [string, string[]][] = [];
  for (const p of pointers) {
    const tokens = parsePointer(p);
    wanted.push([p, tokens]);
    let node = root;
    for (const t of tokens) {
      let next = node.children.get(t);
      if (!next) node.children.set(t, (next = { children: new Map() }));
      node = next;
    }
  }
  const stack: Frame[] = [];
  const rootFrame: Frame = { col: -1, trie: root, item: false, nextIndex: 0 };
  let skipDeeperThan = -1;
  let skipDashesAt = -1;
  let n = 0;
  for (let start = 0; start <= text.length; n++) {
    if (skipDeeperThan >= 0 && start > 0) {
      // Jump over the skipped subtree's lines in one regex scan (most of a large spec is skipped):
      // to the next line indented at most `skipDeeperThan`, counting the lines passed.
      const re = shallowLine(skipDeeperThan);
      re.lastIndex = start - 1;
      const m = re.exec(text);
      const to = m ? m.index + 1 : text.length + 1;
      for (let i = text.indexOf('\n', start); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
      start = to;
      if (start > text.length) break;
    }
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const lineStart = start;
    start = end + 1;
    let col = 0;
    while (lineStart + col < end && text.charCodeAt(lineStart + col) === 32) col++;
    const first = text.charCodeAt(lineStart + col);
    if (lineStart + col >= end || first === 13 || first === 35 /* # */) continue;
    if (skipDeeperThan >= 0) {
      const dash = first === 45 && (lineStart + col + 1 >= end || text.charCodeAt(lineStart + col + 1) === 32);
      if (col > skipDeeperThan || (dash && col === skipDashesAt)) continue;
      skipDeeperThan = -1;
      skipDashesAt = -1;
    }
    let content = text.slice(lineStart + col, end);
    if (content.endsWith('\r')) content = content.slice(0, -1);
    if (content.startsWith('---') || content.startsWith('...')) continue;
    let skipped = false;
    // Sequence items: `- ` (possibly several on one line).
    while (content === '-' || content.startsWith('- ')) {
      while (stack.length && (stack[stack.length - 1].col > col || (stack[stack.length - 1].item && stack[stack.length - 1].col === col))) stack.pop();
      const parent = stack.length ? stack[stack.length - 1] : rootFrame;
      const index = parent.nextIndex++;
      const trie = parent.trie.children.get(String(index));
      if (!trie) {
        skipDeeperThan = col; // the rest of this item is not wanted
        skipped = true;
        break;
      }
      trie.at = [n + 1, col + 1];
      stack.push({ col, trie, item: true, nextIndex: 0 });
      let skip = 1;
      while (content.charCodeAt(skip) === 32) skip++;
      col += skip;
      content = content.slice(skip);
    }
    if (skipped || content === '') continue;
    const key = readKey(content);
    if (key === undefined) {
      // A scalar (or flow collection) item or a continuation: anything deeper belongs to it.
      skipDeeperThan = stack.length && stack[stack.length - 1].item ? stack[stack.length - 1].col : col;
      continue;
    }
    while (stack.length && stack[stack.length - 1].col >= col) stack.pop();
    const parent = stack.length ? stack[stack.length - 1] : rootFrame;
    const trie = parent.trie.children.get(key.key);
    const value = key.value.replace(/\s+#.*$/, '').trim();
    if (!trie) {
      // Not on the way to a wanted pointer: skip its value, including a sequence at its own column.
      skipDeeperThan = col;
      if (value === '') skipDashesAt = col;
      continue;
    }
    trie.at = [n + 1, col + 1];
    stack.push({ col, trie, item: false, nextIndex: 0 });
    if (value !== '' && !value.startsWith('&') && !value.startsWith('!')) skipDeeperThan = col;
  }
  const out = new Map<string, [number, number]>();
  for (const [p, tokens] of wanted) {
    let node = root;
    let found = root.at!;
    for (const t of tokens) {
      const next = node.children.get(t);
      if (!next?.at) break;
      found = next.at;
      node = next;
    }
    out.set(p, found);
  }
  return out;
}

const shallowLines: RegExp[] = [];

/** Matches the newline before the next line indented by at most `col` spaces. */
function shallowLine(col: number): RegExp {
  return (shallowLines[col] ??= new RegExp(`\\n {0,${col}}(?! )`, 'g'));
}

function readKey(content: string): { key: string; value: string } | undefined {
  const c = content[0];
  if (c === '"' || c === "'") {
    let i = 1;
    for (; i < content.length; i++) {
      if (c === '"' && content[i] === '\\') i++;
      else if (content[i] === c) {
        if (c === "'" && content[i + 1] === "'") i++;
        else break;
      }
    }
    const after = content.slice(i + 1);
    const m = /^\s*:(\s|$)/.exec(after);
    if (!m) return undefined;
    const quoted = content.slice(0, i + 1);
    let key: string;
    try {
      key = c === '"' ? (JSON.parse(quoted) as string) : quoted.slice(1, -1).replace(/''/g, "'");
    } catch {
      key = quoted.slice(1, -1);
    }
    return { key, value: after.slice(m[0].length) };
  }
  if (c === '{' || c === '[' || c === '|' || c === '>' || c === '#' || c === '&' || c === '*' || c === '!' || c === '?') return undefined;
  const m = /^(.*?):(\s|$)/.exec(content);
  if (!m) return undefined;
  return { key: m[1].trimEnd(), value: content.slice(m[0].length) };
}
