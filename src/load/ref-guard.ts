import path from 'node:path/posix';
import type { Diagnostic } from '../core/diagnostic.js';
import { diagnosticAt, type ParsedDocument } from '../core/document.js';
import { appendPointer, getAtPointer } from '../core/pointer.js';

/**
 * Checks every `$ref` of an API description before anything resolves it: validation never touches
 * the network or files outside the workspace. Remote and escaping refs are errors; refs to files the
 * workspace does not have, or to pointers the target lacks, are errors too.
 */
export function checkRefs(
  doc: ParsedDocument,
  otherDocs: (file: string) => ParsedDocument | undefined,
  fileExists: (file: string) => boolean,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stack: { node: unknown; pointer: string }[] = [{ node: doc.value, pointer: '' }];
  const seen = new Set<unknown>();
  while (stack.length) {
    const { node, pointer } = stack.pop()!;
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach((item, i) => stack.push({ node: item, pointer: appendPointer(pointer, i) }));
      continue;
    }
    const record = node as Record<string, unknown>;
    const ref = record.$ref;
    if (typeof ref === 'string') {
      const problem = refProblem(doc.file, ref, doc, otherDocs, fileExists);
      if (problem) out.push(diagnosticAt(doc, appendPointer(pointer, '$ref'), { severity: 'error', ...problem, data: { ref } }));
    }
    for (const [key, value] of Object.entries(record)) {
      // Example payloads are data: a `$ref` key inside one is not a reference (GitHub's description has such).
      if (key === 'example' || (key === 'value' && /\/examples\/[^/]+$/.test(pointer))) continue;
      if (value !== null && typeof value === 'object') stack.push({ node: value, pointer: appendPointer(pointer, key) });
    }
  }
  return out;
}

function refProblem(
  file: string,
  ref: string,
  doc: ParsedDocument,
  otherDocs: (file: string) => ParsedDocument | undefined,
  fileExists: (file: string) => boolean,
): { code: string; message: string } | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) {
    return { code: 'ref-remote', message: `$ref '${ref}' points to a URL; references must stay inside the workspace and are never fetched` };
  }
  const hash = ref.indexOf('#');
  const target = hash === -1 ? ref : ref.slice(0, hash);
  const fragment = hash === -1 ? '' : ref.slice(hash + 1);
  let targetDoc: ParsedDocument | undefined = doc;
  if (target) {
    if (target.startsWith('/')) {
      return { code: 'ref-outside-workspace', message: `$ref '${ref}' is an absolute path; references must be relative and stay inside the workspace` };
    }
    const resolved = path.normalize(path.join(path.dirname(file), target));
    if (resolved.startsWith('../') || resolved === '..') {
      return { code: 'ref-outside-workspace', message: `$ref '${ref}' leaves the workspace` };
    }
    if (!fileExists(resolved)) return { code: 'ref-unresolved', message: `$ref '${ref}' names a file that is not in the workspace (${resolved})` };
    targetDoc = otherDocs(resolved);
    if (!targetDoc) return undefined; // a non-parsed target (e.g. plain text example); nothing to check
  }
  if (fragment && fragment.startsWith('/') && getAtPointer(targetDoc.value, fragment) === undefined) {
    return { code: 'ref-unresolved', message: `$ref '${ref}' points to '#${fragment}', which does not exist` };
  }
  return undefined;
}
