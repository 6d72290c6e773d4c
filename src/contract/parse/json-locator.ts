import { escapePointerToken, parsePointer } from '../../core/pointer.js';

interface TrieNode {
  children: Map<string, TrieNode>;
  line?: number;
}

/** A run of characters that are neither a quote nor a bracket (sticky; `test` allocates nothing). */
const NOT_STRUCTURAL = /[^"{}[\]]*/y;

/**
 * Lines of many JSON pointers in one pass over the text. Only the members on the way to a wanted
 * pointer are looked at; every other value is skipped by bracket counting, so a 4 MB spec costs one
 * scan and no per-value index. A pointer that does not exist gets its nearest existing ancestor's line.
 */
export function locateJsonLines(text: string, pointers: Iterable<string>): Map<string, number> {
  const root: TrieNode = { children: new Map(), line: 1 };
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
  let i = 0;
  let line = 1;
  let counted = 0;
  const lineAt = (offset: number): number => {
    // indexOf finds newlines much faster than a per-character loop.
    for (let nl = text.indexOf('\n', counted); nl !== -1 && nl < offset; nl = text.indexOf('\n', nl + 1)) line++;
    if (counted < offset) counted = offset;
    return line;
  };
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else return;
    }
  };
  const skipString = () => {
    // Jump from quote to quote (strings are most of a spec); a quote after an odd run of backslashes is escaped.
    i++;
    for (;;) {
      const q = text.indexOf('"', i);
      if (q === -1) {
        i = text.length;
        return;
      }
      let backslashes = 0;
      while (text.charCodeAt(q - 1 - backslashes) === 92) backslashes++;
      i = q + 1;
      if (backslashes % 2 === 0) return;
    }
  };
  const readKey = (): string => {
    const start = i;
    skipString();
    const raw = text.slice(start, i);
    return raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  };
  const skipValue = () => {
    const c = text.charCodeAt(i);
    if (c === 34) return skipString();
    if (c === 123 || c === 91) {
      let depth = 0;
      for (;;) {
        // Jump over indentation, numbers, commas and colons to the next quote or bracket.
        NOT_STRUCTURAL.lastIndex = i;
        NOT_STRUCTURAL.test(text);
        i = NOT_STRUCTURAL.lastIndex;
        const d = text.charCodeAt(i);
        if (Number.isNaN(d)) return;
        if (d === 34) {
          skipString();
          continue;
        }
        if (d === 123 || d === 91) depth++;
        else if (d === 125 || d === 93) {
          depth--;
          if (depth === 0) {
            i++;
            return;
          }
        }
        i++;
      }
    }
    while (i < text.length) {
      const d = text.charCodeAt(i);
      if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) return;
      i++;
    }
  };
  const value = (node: TrieNode) => {
    ws();
    if (node.children.size === 0) return skipValue();
    const c = text.charCodeAt(i);
    if (c === 123) {
      i++;
      ws();
      if (text.charCodeAt(i) === 125) return void i++;
      for (;;) {
        ws();
        const at = i;
        const key = readKey();
        ws();
        i++; // colon
        const child = node.children.get(key);
        if (child) {
          child.line = lineAt(at);
          value(child);
        } else {
          ws();
          skipValue();
        }
        ws();
        if (text.charCodeAt(i) === 44) i++;
        else return void i++;
      }
    } else if (c === 91) {
      i++;
      ws();
      if (text.charCodeAt(i) === 93) return void i++;
      for (let n = 0; ; n++) {
        ws();
        const child = node.children.get(String(n));
        if (child) {
          child.line = lineAt(i);
          value(child);
        } else skipValue();
        ws();
        if (text.charCodeAt(i) === 44) i++;
        else return void i++;
      }
    } else skipValue();
  };
  value(root);
  const out = new Map<string, number>();
  for (const [p, tokens] of wanted) {
    let node = root;
    let found = root.line!;
    for (const t of tokens) {
      const next = node.children.get(t);
      if (!next || next.line === undefined) break;
      found = next.line;
      node = next;
    }
    out.set(p, found);
  }
  return out;
}

export { escapePointerToken };
