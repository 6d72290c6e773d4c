import type { Diagnostic, Result } from '../core/diagnostic.js';
import { diagnosticAt } from '../core/document.js';
import type { WorkspaceModel } from '../validate/model.js';
import { loadAccessModel } from './access.js';
import { workspaceFacts } from './facts.js';
import { effectivePolicies } from './policies.js';
import { formatMessage, type ReportDescriptor, type Rule, type RuleContext } from './rule.js';
import { rules as registry } from './rules/index.js';
import { activeWaivers, rulesetSeverities } from './ruleset.js';

export interface PolicyOptions {
  /** "Today" for every date the rules compare. */
  now: Date;
  /** GitHub login of the change's author, when known (nobody approves their own change). */
  author?: string;
  /** The rules to run (default: every registered rule). */
  rules?: readonly Rule[];
}

export interface PolicySummary {
  /** Ids of the rules that ran (not switched off). */
  rules: string[];
  /** Findings a waiver turned into info. */
  waived: number;
}

/** Diagnostic code of a rule's findings. */
export function policyCode(ruleId: string): string {
  return `policy/${ruleId}`;
}

/**
 * Runs the governance rules over a validated workspace. Severities come from the workspace's Ruleset
 * (default: each rule's own); a finding an unexpired Waiver covers is kept as info, naming the waiver.
 */
export async function runPolicies(model: WorkspaceModel, options: PolicyOptions): Promise<Result<PolicySummary>> {
  const rules = options.rules ?? registry;
  const allIds = registry.map((r) => r.meta.id);
  for (const r of rules) if (!allIds.includes(r.meta.id)) allIds.push(r.meta.id);
  const diagnostics: Diagnostic[] = [];
  const severities = rulesetSeverities(model, allIds, diagnostics);
  const waivers = activeWaivers(model, allIds, options.now, diagnostics);
  const policies = effectivePolicies(model);
  const facts = workspaceFacts(model, policies);

  const logins = new Set<string>();
  for (const v of model.vendors.values()) for (const a of v.manifest.spec.approvals ?? []) logins.add(a.by);
  if (options.author) logins.add(options.author);
  const access = await loadAccessModel(model.workspace, logins);
  diagnostics.push(...access.diagnostics);

  const ran: string[] = [];
  let waived = 0;
  for (const rule of rules) {
    const { meta } = rule;
    const severity = severities.get(meta.id) ?? meta.defaultSeverity;
    if (severity === 'off') continue;
    ran.push(meta.id);
    const report = (d: ReportDescriptor): void => {
      const template = meta.messages[d.messageId];
      if (template === undefined) throw new Error(`Rule '${meta.id}' reported unknown messageId '${d.messageId}'`);
      const data = d.data ?? {};
      let message = formatMessage(template, data);
      const targets = [d.resource.id, ...(d.alsoWaivedBy ?? [])];
      const waiver = waivers.find((w) => w.rule === meta.id && targets.includes(w.target as typeof d.resource.id));
      if (waiver) {
        waived++;
        message += ` (waived by ${waiver.resource.id} until ${waiver.expires})`;
      }
      diagnostics.push(
        diagnosticAt(d.resource.doc, d.pointer, {
          severity: waiver ? 'info' : severity,
          code: policyCode(meta.id),
          message,
          data: {
            rule: meta.id,
            messageId: d.messageId,
            resource: d.resource.id,
            ...data,
            ...d.details,
            ...(waiver ? { waivedBy: waiver.resource.id } : {}),
          },
        }),
      );
    };
    const context: RuleContext = {
      model,
      policies,
      now: options.now,
      facts,
      report,
      ...(options.author ? { author: options.author } : {}),
      ...(access.value ? { access: access.value } : {}),
    };
    rule.check(context);
  }
  return { value: { rules: ran, waived }, diagnostics };
}
