import type { Diagnostic } from '../core/diagnostic.js';
import { renderDiagnosticsJson } from '../report/diagnostics-json.js';
import { renderDiagnosticsText, type SourceText } from '../report/diagnostics-text.js';
import type { CheckedCounts } from '../core/checked.js';
import type { CliIO } from './io.js';

/** Prints diagnostics in the chosen format; text goes with codeframes and colour on a terminal. */
export function printDiagnostics(io: CliIO, format: string, diagnostics: Diagnostic[], sourceText?: SourceText, extra: Record<string, unknown> = {}): void {
  if (format === 'json') {
    io.stdout.write(renderDiagnosticsJson(diagnostics, extra));
    return;
  }
  const checked = isCheckedCounts(extra.checked) ? extra.checked : undefined;
  io.stdout.write(renderDiagnosticsText(diagnostics, { sourceText, color: colorEnabled(io), ...(checked ? { checked } : {}) }));
}

function isCheckedCounts(value: unknown): value is CheckedCounts {
  return typeof value === 'object' && value !== null && 'kinds' in value && 'apis' in value;
}

/**
 * Colour on a terminal; FORCE_COLOR (any value but 0) forces it, as in CI logs that render it, and
 * NO_COLOR (any non-empty value, no-color.org) turns it off.
 */
export function colorEnabled(io: CliIO): boolean {
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  if (io.env.NO_COLOR) return false;
  return Boolean(io.stdout.isTTY);
}
