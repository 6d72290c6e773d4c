import type { Diagnostic } from '../core/diagnostic.js';
import type { SourceText } from '../core/document.js';
import type { Plan } from '../plan/plan.js';
import { renderPlanJson } from '../report/plan-json.js';
import { renderPlanMarkdown } from '../report/plan-markdown.js';
import { renderPlanText } from '../report/plan-text.js';
import type { CliIO } from './io.js';
import { colorEnabled, printDiagnostics } from './render.js';

/** Prints a plan (text, markdown or JSON) and its diagnostics; shared by plan and apply. */
export function renderPlan(io: CliIO, format: string, plan: Plan, diagnostics: Diagnostic[], sourceText?: SourceText): void {
  if (format === 'json') {
    io.stdout.write(renderPlanJson(plan, diagnostics));
    return;
  }
  io.stdout.write(format === 'markdown' ? renderPlanMarkdown(plan) : renderPlanText(plan, { color: colorEnabled(io) }));
  if (diagnostics.length) {
    io.stdout.write('\n');
    printDiagnostics(io, 'text', diagnostics, sourceText);
  }
}
