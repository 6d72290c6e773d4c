import type { Diagnostic } from '../core/diagnostic.js';
import { renderDiagnosticsJson } from '../report/diagnostics-json.js';
import { renderDiagnosticsText, type SourceText } from '../report/diagnostics-text.js';
import type { CliIO } from './io.js';

/** Prints diagnostics in the chosen format; text goes with codeframes and colour on a terminal. */
export function printDiagnostics(io: CliIO, format: string, diagnostics: Diagnostic[], sourceText?: SourceText, extra: Record<string, unknown> = {}): void {
  if (format === 'json') {
    io.stdout.write(renderDiagnosticsJson(diagnostics, extra));
    return;
  }
  const color = Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
  io.stdout.write(renderDiagnosticsText(diagnostics, { sourceText, color }));
}
