import { loadAll } from 'js-yaml';
import { createRequire } from 'node:module';
import type { Node as YamlNode } from 'yaml';
import type { Diagnostic } from '../core/diagnostic.js';
import { parsePointer } from '../core/pointer.js';
import { LineIndex } from './line-index.js';
import type { ParsedDocument, Position } from '../core/document.js';

/** Aliases expanded per document at most; past this a file is treated as an alias bomb. */
export const MAX_ALIAS_COUNT = 100;

export interface YamlParseResult {
  documents: ParsedDocument[];
  diagnostics: Diagnostic[];
  /** The values of every document, in order, when the file took the fast path (what a cache may keep). */
  values?: unknown[];
}

/**
 * Parses every document of a YAML file. Syntax errors, duplicate keys and alias bombs become located
 * diagnostics; a document with an error is left out of `documents`.
 *
 * Values come from js-yaml, measured 6–9× faster than building `yaml`'s AST on manifest-sized files;
 * the AST that answers `locate` is built only when a position is first asked for. js-yaml shares one
 * object for every alias of a collection, so a document that reuses an object may be an alias bomb:
 * such files, and files with errors, take the AST path for its messages and alias-expansion limit.
 */
export function parseYaml(file: string, text: string): YamlParseResult {
  let values: unknown[] | undefined;
  try {
    values = loadAll(text, { filename: file });
  } catch {
    values = undefined; // the AST path reports the error with its position
  }
  if (!values || values.some(sharesObjects)) return parseYamlWithPositions(file, text);
  return { documents: yamlDocuments(file, text, values), diagnostics: [], values };
}

/**
 * The documents of a file whose values are known (from js-yaml, or from the document cache): positions
 * come from the `yaml` AST, built only when one is first asked for.
 */
export function yamlDocuments(file: string, text: string, values: unknown[]): ParsedDocument[] {
  let located: YamlParseResult | undefined;
  const documents: ParsedDocument[] = [];
  values.forEach((value, index) => {
    if (value === null || value === undefined) return;
    documents.push({
      file,
      index,
      value,
      locate: (pointer) => {
        located ??= parseYamlWithPositions(file, text);
        const doc = located.documents.find((d) => d.index === index);
        return doc ? doc.locate(pointer) : { line: 1, column: 1 };
      },
    });
  });
  return documents;
}

/** Whether any object or array is reachable twice: the trace of an alias. Visits each object once. */
export function sharesObjects(root: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (seen.has(node)) return true;
    seen.add(node);
    for (const child of Array.isArray(node) ? node : Object.values(node)) if (child !== null && typeof child === 'object') stack.push(child);
  }
  return false;
}

type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;

/** `yaml`, loaded on first use: most runs never ask for a position, and loading it costs more than parsing. */
function yaml(): YamlModule {
  yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return yamlModule;
}

/** The `yaml` AST path: positions for every node, precise errors, bounded alias expansion. */
export function parseYamlWithPositions(file: string, text: string): YamlParseResult {
  const { LineCounter, parseAllDocuments } = yaml();
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  const documents: ParsedDocument[] = [];
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  const list = Array.isArray(docs) ? docs : [];
  if (!Array.isArray(docs)) {
    // An empty stream parses to an EmptyStream; nothing to report.
    return { documents, diagnostics };
  }
  list.forEach((doc, index) => {
    const problems = [...doc.errors, ...doc.warnings];
    let failed = false;
    for (const err of problems) {
      const pos = lineCounter.linePos(err.pos[0]);
      const severity = doc.errors.includes(err) ? 'error' : 'warning';
      if (severity === 'error') failed = true;
      diagnostics.push({
        severity,
        // The parser recurses per level: a stack overflow means the document nests too deep.
        code: err.code === 'DUPLICATE_KEY' ? 'yaml-duplicate-key' : /Maximum call stack/.test(err.message) ? 'too-deep' : 'yaml-syntax',
        message: /Maximum call stack/.test(err.message) ? 'Nested too deeply to read; refusing the document' : firstLine(err.message),
        location: { file, line: pos.line, column: pos.col },
        data: { yamlCode: err.code },
      });
    }
    if (failed) return;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const pos = lineCounter.linePos(doc.range[0]);
      if (error instanceof RangeError) {
        diagnostics.push({ severity: 'error', code: 'too-deep', message: 'Nested too deeply to read; refusing the document', location: { file, line: pos.line, column: pos.col } });
        return;
      }
      diagnostics.push({
        severity: 'error',
        code: /alias/i.test(message) ? 'yaml-alias-limit' : 'yaml-syntax',
        message: /alias/i.test(message)
          ? `Too many alias expansions (more than ${MAX_ALIAS_COUNT}); refusing a possible alias bomb`
          : firstLine(message),
        location: { file, line: pos.line, column: pos.col },
      });
      return;
    }
    if (value === null || value === undefined) {
      if (doc.contents === null) return; // empty document between separators
    }
    const root = doc.contents as YamlNode | null;
    documents.push({
      file,
      index,
      value,
      locate: (pointer) => locateYaml(root, pointer, lineCounter, doc.range[0]),
    });
  });
  return { documents, diagnostics };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function locateYaml(root: YamlNode | null, pointer: string, lines: InstanceType<YamlModule['LineCounter']>, docStart: number): Position {
  const { isMap, isPair, isScalar, isSeq } = yaml();
  let node: unknown = root;
  let offset = root?.range?.[0] ?? docStart;
  let endOffset: number | undefined = root?.range?.[1];
  for (const token of parsePointer(pointer)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === token);
      if (!pair) break;
      const key = pair.key as YamlNode;
      offset = key.range?.[0] ?? offset;
      endOffset = key.range?.[1];
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(token)] as YamlNode | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      endOffset = item.range?.[1];
      node = item;
    } else {
      break;
    }
  }
  const start = lines.linePos(offset);
  const pos: Position = { line: start.line, column: start.col };
  if (endOffset !== undefined) {
    const end = lines.linePos(endOffset);
    pos.endLine = end.line;
    pos.endColumn = end.col;
  }
  return pos;
}

export { LineIndex };
