import type { GateReport } from '../engine/gate-report.js';

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The lines `interlock check` prints after its findings: one per compared contract, then what the gate
 * looked at, so a clean run says more than "no problems".
 */
export function renderGateSummary(report: GateReport): string {
  const out: string[] = [];
  for (const c of report.contracts) {
    const levels = { breaking: 0, warning: 0, info: 0 };
    for (const change of c.changes) levels[change.level]++;
    out.push(`${c.kind === 'DataContract' ? 'data contract' : 'contract'} ${c.contract ?? c.file} ${c.baseVersion ?? '?'} -> ${c.headVersion ?? '?'}: ${levels.breaking} breaking, ${levels.warning} warning, ${levels.info} info`);
  }
  const k = report.checked;
  if (k) {
    const parts = [count(k.vendors, 'vendor'), count(k.integrations, 'integration'), count(k.contracts, 'contract'), count(k.dataContracts, 'data contract'), count(k.policies, 'policy', 'policies')];
    const stages = ['schemas', 'references', 'secrets', 'policy', ...(k.generated ? ['generated adapters'] : []), ...(k.codeowners ? [k.codeowners] : [])];
    const compared = report.base ? `; ${count(report.contracts.length, 'changed contract')} compared with ${report.base}` : '';
    const approvals = k.approvals ? `; approvals verified against ${k.approvals} reviews` : '';
    const plan = report.plan ? `; plan: ${report.plan.summary.add} to add, ${report.plan.summary.change} to change, ${report.plan.summary.destroy} to destroy` : '';
    out.push(`Checked ${parts.join(', ')} (${stages.join(', ')})${compared}${approvals}${plan}.`);
  }
  return out.map((line) => `${line}\n`).join('');
}
