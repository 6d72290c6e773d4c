import type { Diagnostic } from '../core/diagnostic.js';
import type { ParsedDocument } from '../core/document.js';
import { appendPointer } from '../core/pointer.js';
import { LineIndex } from './line-index.js';

/**
 * How deep a document may nest. Real API descriptions stay under 30 levels (the deepest in the vendor
 * corpus, Jira Software's, has 25); recursive walkers overflow the stack at a few thousand.
 */
export const MAX_DEPTH = 256;

/** The pointer of the first value nested deeper than `limit`, or undefined. Iterative: any depth is safe. */
export function tooDeepPointer(root: unknown, limit = MAX_DEPTH): string | undefined {
  // Pointers are built only for a document that is too deep: building one per value is most of the walk.
  return nestsDeeper(root, limit) ? firstTooDeep(root, limit) : undefined;
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

/**
 * The offset where bracket nesting (`{`, `[`, `(`) first passes `limit` in a GraphQL text, skipping
 * strings, block strings and comments; undefined when it never does. GraphQL's parser recurses per level.
 */
export function tooDeepOffset(text: string, limit = MAX_DEPTH): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#') {
      const end = text.indexOf('\n', i);
      if (end === -1) break;
      i = end;
    } else if (c === '"') {
      if (text.startsWith('"""', i)) {
        const end = text.indexOf('"""', i + 3);
        if (end === -1) break;
        i = end + 2;
      } else {
        let j = i + 1;
        while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
        i = j;
      }
    } else if (c === '{' || c === '[' || c === '(') {
      if (++depth > limit) return i;
    } else if (c === '}' || c === ']' || c === ')') {
      depth = Math.max(0, depth - 1);
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
export function documentDepthProblem(doc: ParsedDocument, text?: string, limit = MAX_DEPTH): Diagnostic | undefined {
  const pointer = tooDeepPointer(doc.value, limit);
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
