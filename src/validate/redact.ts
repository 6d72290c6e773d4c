import type { Diagnostic } from '../core/diagnostic.js';
import { getAtPointer } from '../core/pointer.js';
import type { Workspace } from '../load/workspace.js';
import { TOKEN_PATTERNS } from './secrets.js';

/** Reads a workspace file's text for codeframes, with literal secrets masked. */
export type RedactedText = (file: string) => string | undefined;

const MASK = '*';

/** Replaces every occurrence of each value, and every well-known token format, keeping line lengths (carets stay put). */
export function redactText(text: string, values: readonly string[]): string {
  let out = text;
  // A multi-line value (a PEM block) appears in the file line by line, indented.
  const pieces = new Set(values.flatMap((v) => v.split('\n')).map((p) => p.trim()).filter((p) => p.length >= 4));
  for (const piece of [...pieces].sort((a, b) => b.length - a.length)) out = out.split(piece).join(MASK.repeat(piece.length));
  for (const { pattern } of TOKEN_PATTERNS) {
    out = out.replace(new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g'), (m) => m.replace(/[^\n]/g, MASK));
  }
  return out;
}

/**
 * The text of workspace files as every output shows it: the values `secret-literal` diagnostics point at,
 * and anything that looks like a known token, are masked, so a codeframe never repeats a secret.
 */
export function redactedSourceText(workspace: Workspace, diagnostics: readonly Diagnostic[]): RedactedText {
  const values = new Map<string, string[]>();
  for (const d of diagnostics) {
    if (d.code !== 'secret-literal' || !d.location?.pointer) continue;
    // A known token format inside prose is masked by its pattern; a credential by key, or a private key
    // (whose body lines match no pattern), is masked whole.
    if (d.data?.kind !== 'literal' && d.data?.kind !== 'a private key') continue;
    const file = d.location.file;
    for (const doc of workspace.manifests) {
      if (doc.file !== file) continue;
      const value = getAtPointer(doc.value, d.location.pointer);
      if (typeof value === 'string') values.set(file, [...(values.get(file) ?? []), value]);
    }
  }
  const cache = new Map<string, string | undefined>();
  return (file) => {
    if (!cache.has(file)) {
      const text = workspace.files.get(file)?.text;
      cache.set(file, text === undefined ? undefined : redactText(text, values.get(file) ?? []));
    }
    return cache.get(file);
  };
}
