import type { Diagnostic, Result } from '../../core/diagnostic.js';
import { diagnosticAt, type ParsedDocument } from '../../core/document.js';
import { HTTP_METHODS as METHODS } from '../../core/http.js';
import { appendPointer, getAtPointer } from '../../core/pointer.js';
import { isObj, MAX_REF_HOPS, resolveRefFile, Spec, type OpenApiVersion } from './spec.js';

/**
 * Reads a document a `$ref` names. The caller decides what may be read (the CLI: files under the
 * spec's own folder; the workspace: files of the workspace) — this module never touches disk or network.
 */
export type RefReader = (file: string) => { doc?: ParsedDocument; diagnostics: Diagnostic[] };

const SWAGGER_ONLY = ['swagger', 'definitions', 'securityDefinitions', 'basePath', 'host', 'schemes', 'consumes', 'produces'];
const OPENAPI_ONLY = ['openapi', 'components', 'servers', 'webhooks'];

/**
 * Checks that a parsed document is an OpenAPI 2.0 / 3.0 / 3.1 description whose `$ref`s all resolve
 * inside what `readRef` allows, and returns it as a `Spec`. Every problem is a located error.
 */
export function loadOpenApi(root: ParsedDocument, readRef: RefReader = noExternalRefs): Result<Spec | undefined> {
  const diagnostics: Diagnostic[] = [];
  const fail = (pointer: string, code: string, message: string, data?: Record<string, unknown>): Result<undefined> => {
    diagnostics.push(diagnosticAt(root, pointer, { severity: 'error', code, message, data }));
    return { value: undefined, diagnostics };
  };
  const value = root.value;
  if (!isObj(value)) return fail('', 'openapi-invalid', 'Not an OpenAPI description: the document is not an object');
  const version = detectVersion(value);
  if (!version) {
    const at = 'openapi' in value ? '/openapi' : 'swagger' in value ? '/swagger' : '';
    return fail(at, 'openapi-version', "Not an OpenAPI description: expected `swagger: '2.0'` or `openapi: 3.0.x | 3.1.x`");
  }
  const foreign = version === '2.0' ? OPENAPI_ONLY : SWAGGER_ONLY;
  const clash = foreign.find((k) => k in value);
  if (clash) {
    return fail(version === '2.0' ? '/swagger' : '/openapi', 'openapi-version-mismatch', `The document says OpenAPI ${version} but uses \`${clash}\`, which belongs to ${version === '2.0' ? 'OpenAPI 3' : 'Swagger 2.0'}; fix the version field or convert the document`, { version, field: clash });
  }
  if (version !== '2.0') {
    const body = findBodyParameter(value);
    if (body) return fail('/openapi', 'openapi-version-mismatch', `The document says OpenAPI ${version} but has an \`in: body\` parameter (${body}), which is Swagger 2.0; use requestBody`, { version, pointer: body });
  }
  if (value.paths !== undefined && !isObj(value.paths)) return fail('/paths', 'openapi-invalid', '`paths` must be an object');
  for (const [p, item] of Object.entries((value.paths ?? {}) as Record<string, unknown>)) {
    const at = appendPointer('/paths', p);
    if (!p.startsWith('/')) return fail(at, 'openapi-invalid', `Path '${p}' must start with '/'`);
    if (!isObj(item)) return fail(at, 'openapi-invalid', `Path item '${p}' must be an object`);
    for (const m of METHODS) if (m in item && !isObj(item[m])) return fail(appendPointer(at, m), 'openapi-invalid', `Operation ${m.toUpperCase()} ${p} must be an object`);
  }
  const documents = new Map<string, ParsedDocument>([[root.file, root]]);
  diagnostics.push(...checkRefs(root, documents, readRef));
  if (diagnostics.some((d) => d.severity === 'error')) return { value: undefined, diagnostics };
  return { value: new Spec(root, version, documents), diagnostics };
}

export function detectVersion(value: Record<string, unknown>): OpenApiVersion | undefined {
  if (typeof value.openapi === 'string') {
    if (/^3\.0(\.\d+)?(-[\w.]+)?$/.test(value.openapi)) return '3.0';
    if (/^3\.1(\.\d+)?(-[\w.]+)?$/.test(value.openapi)) return '3.1';
    return undefined;
  }
  if (value.swagger === '2.0' || value.swagger === 2) return '2.0';
  return undefined;
}

function noExternalRefs(file: string): { diagnostics: Diagnostic[] } {
  return { diagnostics: [{ severity: 'error', code: 'ref-unresolved', message: `Cannot read '${file}': references to other files are not allowed here` }] };
}

function findBodyParameter(value: Record<string, unknown>): string | undefined {
  const paths = isObj(value.paths) ? value.paths : {};
  for (const [p, item] of Object.entries(paths)) {
    if (!isObj(item)) continue;
    for (const m of [...METHODS, 'parameters']) {
      const params = m === 'parameters' ? item.parameters : isObj(item[m]) ? (item[m] as Record<string, unknown>).parameters : undefined;
      if (!Array.isArray(params)) continue;
      const i = params.findIndex((x) => isObj(x) && x.in === 'body');
      if (i !== -1) return appendPointer('/paths', p, ...(m === 'parameters' ? [] : [m]), 'parameters', i);
    }
  }
  return undefined;
}

/**
 * Walks every document (iteratively: deep nesting cannot overflow the stack), checking each
 * `$ref`: remote URLs are refused without fetching, files come only through `readRef`, fragments must
 * exist, and a chain of refs that only points at other refs (a cycle with no content) is an error.
 */
function checkRefs(root: ParsedDocument, documents: Map<string, ParsedDocument>, readRef: RefReader): Diagnostic[] {
  const out: Diagnostic[] = [];
  const queue: ParsedDocument[] = [root];
  while (queue.length) {
    const doc = queue.shift()!;
    // The same `$ref` string recurs thousands of times in a document: check each once.
    const checked = new Map<string, RefProblem | undefined>();
    let problems = false;
    forEachRef(doc.value, (ref) => {
      let problem = checked.get(ref);
      if (problem === undefined && !checked.has(ref)) {
        problem = refProblem(ref, doc, documents, readRef, queue);
        checked.set(ref, problem);
      }
      if (problem) problems = true;
    });
    // Pointers are written only for a document with a problem, by a second walk in the same order.
    if (problems) out.push(...locatedRefProblems(doc, checked));
  }
  return out;
}

type RefProblem = { code: string; message: string };

/** Every `$ref` string of a document, depth first (example values are data: a `$ref` key in one is not a reference). */
function forEachRef(root: unknown, visit: (ref: string) => void): void {
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) if (node[i] !== null && typeof node[i] === 'object') stack.push(node[i]);
      continue;
    }
    const record = node as Record<string, unknown>;
    for (const key in record) {
      const child = record[key];
      if (key === '$ref' && typeof child === 'string') visit(child);
      else if (child !== null && typeof child === 'object' && key !== 'example' && key !== 'examples') stack.push(child);
    }
  }
}

/** The located errors of a document's refs that `checked` found a problem with, in `forEachRef` order. */
function locatedRefProblems(doc: ParsedDocument, checked: Map<string, RefProblem | undefined>): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Pointers are linked lists turned into text only for a reported problem, not built for every node.
  const stack: [unknown, PathLink | undefined][] = [[doc.value, undefined]];
  while (stack.length) {
    const [node, path] = stack.pop()!;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) if (node[i] !== null && typeof node[i] === 'object') stack.push([node[i], { parent: path, token: String(i) }]);
      continue;
    }
    const record = node as Record<string, unknown>;
    for (const key in record) {
      const child = record[key];
      if (key === '$ref' && typeof child === 'string') {
        const problem = checked.get(child);
        if (problem) out.push(diagnosticAt(doc, pointerOf(path) + '/$ref', { severity: 'error', ...problem, data: { ref: child } }));
      } else if (child !== null && typeof child === 'object' && key !== 'example' && key !== 'examples') {
        stack.push([child, { parent: path, token: key }]);
      }
    }
  }
  return out;
}

interface PathLink {
  parent: PathLink | undefined;
  token: string;
}

function pointerOf(path: PathLink | undefined): string {
  const tokens: string[] = [];
  for (let link = path; link; link = link.parent) tokens.push(link.token.replace(/~/g, '~0').replace(/\//g, '~1'));
  return tokens.length ? '/' + tokens.reverse().join('/') : '';
}

function refProblem(
  ref: string,
  doc: ParsedDocument,
  documents: Map<string, ParsedDocument>,
  readRef: RefReader,
  queue: ParsedDocument[],
): RefProblem | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) {
    return { code: 'ref-remote', message: `$ref '${ref}' points to a URL; remote references are never fetched. Copy the referenced definition into the contract` };
  }
  const hash = ref.indexOf('#');
  const file = hash === -1 ? ref : ref.slice(0, hash);
  let target = doc;
  if (file) {
    if (file.startsWith('/')) return { code: 'ref-outside-workspace', message: `$ref '${ref}' is an absolute path; use a path relative to the description` };
    const resolved = resolveRefFile(doc.file, file);
    let loaded = documents.get(resolved);
    if (!loaded) {
      const read = readRef(resolved);
      if (!read.doc) {
        const why = read.diagnostics[0]?.message;
        return { code: 'ref-unresolved', message: `$ref '${ref}' cannot be resolved${why ? `: ${why}` : ''}` };
      }
      loaded = read.doc;
      documents.set(resolved, loaded);
      queue.push(loaded);
    }
    target = loaded;
  }
  const fragment = hash === -1 ? '' : ref.slice(hash + 1);
  if (fragment && !fragment.startsWith('/')) return { code: 'ref-unresolved', message: `$ref '${ref}' has a fragment that is not a JSON pointer` };
  let pointer: string;
  try {
    pointer = decodeURIComponent(fragment);
  } catch {
    pointer = fragment;
  }
  let value = getAtPointer(target.value, pointer);
  if (value === undefined) return { code: 'ref-unresolved', message: `$ref '${ref}' points to '#${pointer}', which does not exist` };
  // A chain of bare refs must end in content.
  const seen = new Set<unknown>();
  for (let hops = 0; isObj(value) && typeof value.$ref === 'string' && Object.keys(value).length === 1; hops++) {
    if (seen.has(value) || hops > MAX_REF_HOPS) return { code: 'ref-cycle', message: `$ref '${ref}' starts a chain of references that never reaches a definition (a cycle)` };
    seen.add(value);
    const next: string = value.$ref;
    const h = next.indexOf('#');
    if (h !== 0) break; // chains across files are checked when that file is walked
    value = getAtPointer(target.value, safeDecode(next.slice(1)));
  }
  return undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
