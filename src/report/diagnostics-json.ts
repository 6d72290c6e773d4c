import { countBySeverity, sortDiagnostics, type Diagnostic } from '../core/diagnostic.js';
import { ruleDocsUrl } from '../core/rule-docs.js';

/** The JSON document `--format json` prints for commands that report diagnostics (see docs/cli.md). */
export function renderDiagnosticsJson(diagnostics: readonly Diagnostic[], extra: Record<string, unknown> = {}): string {
  const summary = countBySeverity(diagnostics);
  return JSON.stringify({ ...extra, summary, diagnostics: sortDiagnostics(diagnostics).map(withDocs) }, null, 2) + '\n';
}

/** A rule's finding with the URL of the rule's documentation (`docs`), as ESLint's `meta.docs.url`. */
export function withDocs(d: Diagnostic): Diagnostic & { docs?: string } {
  const docs = ruleDocsUrl(d.code);
  return docs ? { ...d, docs } : d;
}
