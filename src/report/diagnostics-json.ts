import { countBySeverity, sortDiagnostics, type Diagnostic } from '../core/diagnostic.js';

/** The JSON document `--format json` prints for commands that report diagnostics (see docs/cli.md). */
export function renderDiagnosticsJson(diagnostics: readonly Diagnostic[], extra: Record<string, unknown> = {}): string {
  const summary = countBySeverity(diagnostics);
  return JSON.stringify({ ...extra, summary, diagnostics: sortDiagnostics(diagnostics) }, null, 2) + '\n';
}
