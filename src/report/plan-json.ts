import { sortDiagnostics, type Diagnostic } from '../core/diagnostic.js';
import type { Plan } from '../plan/plan.js';

/**
 * The plan as `--format json` prints it: the versioned plan document itself (so the output can be
 * saved and applied), with the diagnostics of planning alongside. See docs/plan.md.
 */
export function renderPlanJson(plan: Plan, diagnostics: readonly Diagnostic[] = []): string {
  return JSON.stringify({ ...plan, diagnostics: sortDiagnostics(diagnostics) }, null, 2) + '\n';
}
