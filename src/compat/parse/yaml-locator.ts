import { escapePointerToken } from '../../core/pointer.js';

interface Frame {
  col: number;
  pointer: string;
  item: boolean;
  nextIndex: number;
}

/**
 * Line of every mapping key and sequence item of a block-style YAML document, in one line-by-line
 * pass (no AST). Built for the shapes API descriptions use: block mappings and sequences, quoted or
 * plain keys, block scalars and multi-line plain scalars (skipped as continuation lines). Flow
 * collections are leaves. Pointers it cannot see resolve to their nearest ancestor.
 */
export function indexYamlLines(text: string): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>([['', [1, 1]]]);
  const lines = text.split('\n');
  const stack: Frame[] = [];
  const rootFrame: Frame = { col: -1, pointer: '', item: false, nextIndex: 0 };
  let skipDeeperThan = -1;
  const top = () => (stack.length ? stack[stack.length - 1].pointer : '');
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n];
    let col = 0;
    while (col < raw.length && raw.charCodeAt(col) === 32) col++;
    const rest = raw.slice(col);
    if (rest === '' || rest === '\r' || rest.startsWith('#') || rest.startsWith('---') || rest.startsWith('...')) continue;
    if (skipDeeperThan >= 0) {
      if (col > skipDeeperThan) continue;
      skipDeeperThan = -1;
    }
    let content = rest.replace(/\r$/, '');
    // Sequence items: `- ` (possibly several on one line).
    while (content === '-' || content.startsWith('- ')) {
      while (stack.length && (stack[stack.length - 1].col > col || (stack[stack.length - 1].item && stack[stack.length - 1].col === col))) stack.pop();
      const parent = stack.length ? stack[stack.length - 1] : rootFrame;
      const index = parent.nextIndex++;
      const p = parent.pointer + '/' + index;
      stack.push({ col, pointer: p, item: true, nextIndex: 0 });
      out.set(p, [n + 1, col + 1]);
      let skip = 1;
      while (content.charCodeAt(skip) === 32) skip++;
      col += skip;
      content = content.slice(skip);
    }
    if (content === '') continue;
    const key = readKey(content);
    if (key === undefined) {
      // A scalar (or flow collection) item or a continuation: anything deeper belongs to it.
      skipDeeperThan = col - 1 >= 0 && stack.length && stack[stack.length - 1].item ? stack[stack.length - 1].col : col;
      continue;
    }
    while (stack.length && stack[stack.length - 1].col >= col) stack.pop();
    const k = key.key;
    const p = top() + '/' + (k.includes('~') || k.includes('/') ? escapePointerToken(k) : k);
    stack.push({ col, pointer: p, item: false, nextIndex: 0 });
    out.set(p, [n + 1, col + 1]);
    const value = key.value.replace(/\s+#.*$/, '').trim();
    if (value !== '' && !value.startsWith('&') && !value.startsWith('!')) skipDeeperThan = col;
  }
  return out;
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
