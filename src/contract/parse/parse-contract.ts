import { load } from 'js-yaml';
import type { Diagnostic } from '../../core/diagnostic.js';
import type { ParsedDocument, Position } from '../../core/document.js';
import { documentDepthProblem } from '../../load/depth.js';
import { parseJson } from '../../load/json-document.js';
import { parseYaml, parseYamlWithPositions, sharesObjects } from '../../load/yaml-document.js';
import { locateJsonLines } from './json-locator.js';
import { locateYamlLines } from './yaml-locator.js';

/** Expanded object count above which a YAML document with aliases counts as an alias bomb. */
const MAX_EXPANDED_NODES = 2_000_000;

/**
 * A contract document whose positions can be looked up in bulk: `locateLines` answers many pointers
 * in one pass, which is what reporting hundreds of changes in a multi-megabyte spec needs.
 */
export interface ContractDocument extends ParsedDocument {
  locateLines(pointers: Iterable<string>): Map<string, number>;
}

export function isContractDocument(doc: ParsedDocument): doc is ContractDocument {
  return typeof (doc as Partial<ContractDocument>).locateLines === 'function';
}

/**
 * Parses an OpenAPI description (JSON or YAML) for diffing: the fast parsers for values, errors
 * located by the workspace parsers, and line lookups without building an AST.
 */
export function parseContractDocument(file: string, text: string, json: boolean): { doc?: ContractDocument; diagnostics: Diagnostic[] } {
  if (json) {
    const r = parseJson(file, text);
    if (!r.document) return { diagnostics: r.diagnostics };
    const base = r.document;
    // JSON has no aliases: the parsed value is a tree.
    const deep = documentDepthProblem(base, text, undefined, true);
    if (deep) return { diagnostics: [deep] };
    return { doc: withLines(base, (pointers) => locateJsonLines(text, pointers)), diagnostics: [] };
  }
  let value: unknown;
  try {
    value = load(text, { filename: file });
  } catch {
    // The positioned parser reports the error at its place.
    const r = parseYaml(file, text);
    return { doc: r.documents[0] ? withLines(r.documents[0], undefined) : undefined, diagnostics: r.diagnostics.length ? r.diagnostics : [{ severity: 'error', code: 'yaml-syntax', message: 'Invalid YAML', location: { file, line: 1, column: 1 } }] };
  }
  if (value === undefined || value === null) return { diagnostics: [{ severity: 'error', code: 'openapi-invalid', message: 'The file is empty', location: { file, line: 1, column: 1 } }] };
  const anchors = mayHaveAnchors(text);
  if (anchors && (tooManySharedNodes(value) || sharesObjects(value))) {
    // The workspace loader's bound applies here too: a "wide" bomb (few anchors, thousands of aliases)
    // stays under the expanded-size bound yet costs the reference resolver time cubic in its width.
    const r = parseYamlWithPositions(file, text);
    const located = r.diagnostics.find((d) => d.code === 'yaml-alias-limit');
    if (located || tooManySharedNodes(value)) {
      return { diagnostics: [located ?? { severity: 'error', code: 'yaml-alias-limit', message: `Too many alias expansions; refusing a possible alias bomb`, location: { file, line: 1, column: 1 } }] };
    }
  }
  const lines = (pointers: Iterable<string>) => {
    const out = new Map<string, number>();
    for (const [p, [line]] of locateYamlLines(text, pointers)) out.set(p, line);
    return out;
  };
  const locate = (p: string): Position => {
    const [line, column] = locateYamlLines(text, [p]).get(p) ?? [1, 1];
    return { line, column };
  };
  const doc: ParsedDocument = { file, index: 0, value, locate };
  // Without an anchor nothing is shared, so the depth walk needs no visited set.
  const deep = documentDepthProblem(doc, text, undefined, !anchors);
  if (deep) return { diagnostics: [deep] };
  return { doc: withLines(doc, lines), diagnostics: [] };
}

function withLines(doc: ParsedDocument, many: ((pointers: Iterable<string>) => Map<string, number>) | undefined): ContractDocument {
  const locateLines = many ?? ((pointers: Iterable<string>) => new Map([...pointers].map((p) => [p, doc.locate(p).line])));
  return {
    file: doc.file,
    index: doc.index,
    value: doc.value,
    locate: (p: string): Position => doc.locate(p),
    locateLines,
  };
}

/**
 * Without an anchor (`&name` where a node starts) there are no aliases, so nothing is shared and the
 * walk below is not needed. Errs towards yes: any `&name` after whitespace, a flow indicator or a colon.
 */
function mayHaveAnchors(text: string): boolean {
  for (let i = text.indexOf('&'); i !== -1; i = text.indexOf('&', i + 1)) {
    const next = text.charCodeAt(i + 1);
    if (next === 32 || next === 9 || next === 10 || next === 13 || Number.isNaN(next)) continue; // an anchor has a name
    if (i === 0) return true;
    const c = text.charCodeAt(i - 1);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 91 /* [ */ || c === 123 /* { */ || c === 44 /* , */ || c === 58 /* : */) return true;
  }
  return false;
}

/**
 * Aliases make js-yaml share one object in many places. Walkers see the expanded tree, so refuse a
 * document whose expanded size dwarfs its distinct nodes (a "billion laughs" alias bomb).
 */
function tooManySharedNodes(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  // Post-order over the DAG of distinct objects: an object's expanded size is 1 + its children's.
  const sizes = new Map<object, number>();
  const stack: object[] = [value];
  const leaving: boolean[] = [false];
  let distinct = 0;
  while (stack.length) {
    const node = stack.pop()!;
    const record = node as Record<string, unknown>;
    if (leaving.pop()) {
      let size = 1;
      for (const key in record) {
        const v = record[key];
        if (v !== null && typeof v === 'object') size += sizes.get(v) ?? 1;
      }
      sizes.set(node, size);
      if (size > MAX_EXPANDED_NODES && size > distinct * 50) return true;
      continue;
    }
    if (sizes.has(node)) continue;
    sizes.set(node, 1); // provisional, also guards against cycles
    distinct++;
    stack.push(node);
    leaving.push(true);
    for (const key in record) {
      const v = record[key];
      if (v !== null && typeof v === 'object' && !sizes.has(v)) {
        stack.push(v);
        leaving.push(false);
      }
    }
  }
  return false;
}
