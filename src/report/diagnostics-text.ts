import { countBySeverity, sortDiagnostics, type Diagnostic } from '../core/diagnostic.js';
import type { CheckedCounts } from '../core/checked.js';
import { ruleDocsUrl } from '../core/rule-docs.js';
import { codeframe } from './codeframe.js';
import { styled } from './style.js';

import type { SourceText } from '../core/document.js';

export type { SourceText } from '../core/document.js';

export interface TextOptions {
  sourceText?: SourceText;
  /** Print a codeframe under each located diagnostic. */
  codeframes?: boolean;
  color?: boolean;
  /** What was checked (resources per kind, API descriptions): said at the end, so a success is never empty. */
  checked?: CheckedCounts;
}

/** `Checked 10 Vendors, 1 RiskPolicy, 2 RiskPolicies and 12 API descriptions.` (kind names, counted) */
export function formatChecked(checked: CheckedCounts): string {
  const parts = Object.entries(checked.kinds).map(([kind, n]) => `${n} ${n === 1 ? kind : pluralKind(kind)}`);
  parts.push(`${checked.apis} API description${checked.apis === 1 ? '' : 's'}`);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
  return `Checked ${list}.`;
}

/** `Contract` → `Contracts`, `RiskPolicy` → `RiskPolicies` ("5 Contract" read as a typo). */
function pluralKind(kind: string): string {
  return /[^aeiou]y$/.test(kind) ? `${kind.slice(0, -1)}ies` : `${kind}s`;
}

const COLORS = { error: 'red', warning: 'yellow', info: 'cyan', dim: 'dim' } as const;

export function formatLocation(d: Diagnostic): string {
  const loc = d.location;
  if (!loc) return '';
  return loc.line !== undefined ? `${loc.file}:${loc.line}:${loc.column ?? 1}` : loc.file;
}

/** `file:line:col: severity code: message` per diagnostic, a codeframe under each, a summary last. */
export function renderDiagnosticsText(diagnostics: readonly Diagnostic[], options: TextOptions = {}): string {
  const paint = (color: keyof typeof COLORS, s: string) => (options.color ? styled(COLORS[color], s) : s);
  const out: string[] = [];
  for (const d of sortDiagnostics(diagnostics)) {
    const where = formatLocation(d);
    out.push(`${where ? where + ': ' : ''}${paint(d.severity, d.severity)} ${d.code}: ${d.message}`);
    if (d.suggest?.length) out.push(`  did you mean: ${d.suggest.join(', ')}?`);
    for (const r of d.related ?? []) out.push(`  ${paint('dim', 'related')} ${formatLocation({ ...d, location: r.location })}: ${r.message}`);
    const docs = ruleDocsUrl(d.code);
    if (docs) out.push(`  ${paint('dim', 'docs:')} ${docs}`);
    const loc = d.location;
    if (options.codeframes !== false && loc?.line !== undefined && options.sourceText) {
      const text = options.sourceText(loc.file);
      if (text !== undefined) {
        const frame = codeframe(text, loc.line, loc.column ?? 1);
        if (frame) out.push(frame, '');
      }
    }
  }
  const c = countBySeverity(diagnostics);
  out.push(
    diagnostics.length === 0
      ? 'No problems found.'
      : `${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}, ${c.info} info.`,
  );
  if (options.checked) out.push(formatChecked(options.checked));
  return out.join('\n') + '\n';
}
