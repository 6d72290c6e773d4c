import type { Diagnostic } from '../core/diagnostic.js';
import type { ParsedDocument } from '../core/document.js';
import { appendPointer } from '../core/pointer.js';
import { LineIndex } from './line-index.js';

/**
 * How deep a document may nest. Real API descriptions stay under 30 levels (the deepest in the vendor
 * corpus, Jira Software's, has 25); recursive walkers overflow the stack at a few thousand.
 */
export const MAX_DEPTH = 256;

/**
 * The pointer of the first value nested deeper than `limit`, or undefined. Iterative: any depth is safe.
 * `tree`: the caller knows no object is shared (parsed JSON, YAML without anchors), so the walk needs no
 * visited set, which is most of its cost on a multi-megabyte description.
 */
export function tooDeepPointer(root: unknown, limit = MAX_DEPTH, tree = false): string | undefined {
  // Pointers are built only for a document that is too deep: building one per value is most of the walk.
  const deeper = tree ? root !== null && typeof root === 'object' && treeNestsDeeper(root, limit) : nestsDeeper(root, limit);
  return deeper ? firstTooDeep(root, limit) : undefined;
}

/** Depth-first with `remaining` levels left; recursion stops at `limit`, so the stack stays shallow. */
function treeNestsDeeper(node: object, remaining: number): boolean {
  if (remaining <= 0) return true;
  // No array of values per object: this walk visits every value of a multi-megabyte description.
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const child: unknown = node[i];
      if (child !== null && typeof child === 'object' && treeNestsDeeper(child, remaining - 1)) return true;
    }
    return false;
  }
  const record = node as Record<string, unknown>;
  for (const key in record) {
    const child = record[key];
    if (child !== null && typeof child === 'object' && treeNestsDeeper(child, remaining - 1)) return true;
  }
  return false;
}

function nestsDeeper(root: unknown, limit: number): boolean {
  const nodes: unknown[] = [root];
  const depths: number[] = [0];
  const seen = new Set<object>();
  while (nodes.length) {
    const node = nodes.pop();
    const depth = depths.pop()!;
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    if (depth >= limit) return true;
    seen.add(node);
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child === null || typeof child !== 'object') continue;
      nodes.push(child);
      depths.push(depth + 1);
    }
  }
  return false;
}

function firstTooDeep(root: unknown, limit: number): string | undefined {
  const stack: { node: unknown; depth: number; pointer: string }[] = [{ node: root, depth: 0, pointer: '' }];
  const seen = new Set<object>();
  while (stack.length) {
    const { node, depth, pointer } = stack.pop()!;
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    if (depth >= limit) return pointer;
    seen.add(node);
    if (Array.isArray(node)) node.forEach((child, i) => stack.push({ node: child, depth: depth + 1, pointer: appendPointer(pointer, i) }));
    else for (const [key, child] of Object.entries(node)) stack.push({ node: child, depth: depth + 1, pointer: appendPointer(pointer, key) });
  }
  return undefined;
}

/** Characters that neither start a comment or string nor open or close a bracket (sticky; `test` allocates nothing). */
const PLAIN = /[^#"{}[\]()]*/y;
/** Characters of a one-line string other than its end, a backslash or a newline. */
const STRING_PLAIN = /[^"\\\n]*/y;

/**
 * The offset where bracket nesting (`{`, `[`, `(`) first passes `limit` in a GraphQL text, skipping
 * strings, block strings and comments; undefined when it never does. GraphQL's parser recurses per level.
 */
export function tooDeepOffset(text: string, limit = MAX_DEPTH): number | undefined {
  // Char codes, and native searches over comments and strings: SDL is mostly descriptions.
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    // Jump over names, white space and punctuation to the next character that matters (native regex: a
    // per-character loop ran interpreted for most of a first call, the one a diff makes).
    PLAIN.lastIndex = i;
    PLAIN.test(text);
    i = PLAIN.lastIndex;
    if (i >= n) break;
    const c = text.charCodeAt(i);
    if (c === 35 /* # */) {
      const end = text.indexOf('\n', i);
      if (end === -1) break;
      i = end;
    } else if (c === 34 /* " */) {
      if (text.charCodeAt(i + 1) === 34 && text.charCodeAt(i + 2) === 34) {
        const end = text.indexOf('"""', i + 3);
        if (end === -1) break;
        i = end + 2;
      } else {
        let j = i + 1;
        while (j < n) {
          STRING_PLAIN.lastIndex = j;
          STRING_PLAIN.test(text);
          j = STRING_PLAIN.lastIndex;
          if (text.charCodeAt(j) !== 92 /* \\ */) break;
          j += 2;
        }
        i = j;
      }
    } else if (c === 123 || c === 91 || c === 40 /* { [ ( */) {
      if (++depth > limit) return i;
    } else if (c === 125 || c === 93 || c === 41 /* } ] ) */) {
      if (depth > 0) depth--;
    }
  }
  return undefined;
}

/** A located `too-deep` error for GraphQL text nested past the bound, or undefined. */
export function graphqlDepthProblem(file: string, text: string, limit = MAX_DEPTH): Diagnostic | undefined {
  const offset = tooDeepOffset(text, limit);
  if (offset === undefined) return undefined;
  const { line, column } = new LineIndex(text).position(offset);
  return { severity: 'error', code: 'too-deep', message: `Nested more than ${limit} levels deep; refusing to parse further`, location: { file, line, column }, data: { limit } };
}

/**
 * A located `too-deep` error for a parsed document nested past the bound, or undefined. The position is
 * where bracket nesting passes the bound in `text` when it does (flow YAML, JSON), else where the
 * document's own locator puts the pointer — unless that locator itself cannot go so deep.
 */
export function documentDepthProblem(doc: ParsedDocument, text?: string, limit = MAX_DEPTH, tree = false): Diagnostic | undefined {
  const pointer = tooDeepPointer(doc.value, limit, tree);
  if (pointer === undefined) return undefined;
  const offset = text === undefined ? undefined : tooDeepOffset(text, limit);
  let position: { line: number; column: number } = { line: 1, column: 1 };
  if (offset !== undefined && text !== undefined) position = new LineIndex(text).position(offset);
  else {
    try {
      position = doc.locate(pointer);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
  }
  return {
    severity: 'error',
    code: 'too-deep',
    message: `Nested more than ${limit} levels deep; refusing to read further`,
    location: { file: doc.file, pointer, line: position.line, column: position.column },
    data: { limit },
  };
}
