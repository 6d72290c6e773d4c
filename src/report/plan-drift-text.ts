import type { Plan } from '../plan/plan.js';
import { fieldPath, formatValue, isContentChange } from './plan-format.js';

/**
 * Out-of-band changes: the plan from the last applied commit (desired) to the runtime (actual), read
 * backwards — what the runtime holds that the commit did not say. `before` is the runtime's side.
 */
export function renderDriftText(plan: Plan): string {
  const drifted = plan.changes.filter((c) => c.action !== 'noop');
  const against = `commit ${(plan.commit ?? '?').slice(0, 12)} (runtime revision ${plan.runtimeRevision})`;
  if (!drifted.length) return `No drift: the runtime matches ${against}.\n`;
  const out = [`Drift against ${against}: ${drifted.length} resource${drifted.length === 1 ? '' : 's'} changed out of band.`, ''];
  for (const c of drifted) {
    if (c.action === 'create') out.push(`  ${c.kind}/${c.name}: missing from the runtime`);
    else if (c.action === 'delete') out.push(`  ${c.kind}/${c.name}: in the runtime but not in the commit`);
    else {
      out.push(`  ${c.kind}/${c.name}: changed in the runtime`);
      for (const d of c.diff) {
        if (isContentChange(d)) out.push(`      ${fieldPath(d.path)}: (content changed)`);
        else out.push(`      ${fieldPath(d.path)}: runtime ${'before' in d ? formatValue(d.before) : '(absent)'}, commit ${'after' in d ? formatValue(d.after) : '(absent)'}`);
      }
    }
  }
  out.push('', 'Run `interlock apply` (or `interlock reconcile`) to restore the committed state.');
  return out.join('\n') + '\n';
}
