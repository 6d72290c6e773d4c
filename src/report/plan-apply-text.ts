import type { ApplyReport, ResourceStatus } from '../apply/apply-plan.js';
import { ACTION_SYMBOL } from './plan-format.js';

const MARK: Record<ResourceStatus, string> = { succeeded: 'ok', failed: 'FAILED', 'not-attempted': 'not attempted' };

/** One line per resource with its outcome, then a one-line total with the runtime revision. */
export function renderApplyText(report: ApplyReport): string {
  const out: string[] = [];
  // A refused plan says why first, before the resources it did not touch.
  if (report.status === 'refused') for (const d of report.diagnostics) out.push(`Apply refused (${d.code}): ${d.message}`);
  for (const r of report.resources) {
    out.push(`  ${ACTION_SYMBOL[r.action].padEnd(3)} ${r.kind}/${r.name}: ${MARK[r.status]}${r.error ? ` (${r.error})` : ''}`);
  }
  const count = (s: ResourceStatus) => report.resources.filter((r) => r.status === s).length;
  const totals = `${count('succeeded')} succeeded, ${count('failed')} failed, ${count('not-attempted')} not attempted`;
  const head =
    report.status === 'applied'
      ? report.resources.length
        ? 'Apply complete'
        : 'Apply complete: nothing to change'
      : report.status === 'refused'
        ? 'Apply refused'
        : report.status === 'partial'
          ? 'Apply stopped part-way'
          : 'Apply failed';
  out.push(`${head}${report.resources.length ? `: ${totals}` : ''}. Runtime revision ${report.revision}.`);
  return out.join('\n') + '\n';
}

export function renderApplyJson(report: ApplyReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
