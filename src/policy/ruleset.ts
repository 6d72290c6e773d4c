import type { Diagnostic } from '../core/diagnostic.js';
import { diagnosticAt } from '../core/document.js';
import { appendPointer } from '../core/pointer.js';
import type { Resource, RuleSeverity } from '../core/resources.js';
import { closestMatches } from '../core/suggest.js';
import type { WorkspaceModel } from '../validate/model.js';
import { formatDay, parseDay } from './dates.js';

/** Rule severities set by the workspace's Ruleset resources, by rule id. */
export function rulesetSeverities(model: WorkspaceModel, ruleIds: readonly string[], diagnostics: Diagnostic[]): Map<string, RuleSeverity> {
  const out = new Map<string, RuleSeverity>();
  for (const r of model.policies) {
    if (r.kind !== 'Ruleset') continue;
    const ruleset = r as Resource<'Ruleset'>;
    for (const [id, severity] of Object.entries(ruleset.manifest.spec.rules)) {
      if (!ruleIds.includes(id)) {
        diagnostics.push(unknownRule(ruleset, appendPointer('/spec/rules', id), id, ruleIds));
        continue;
      }
      out.set(id, severity);
    }
  }
  return out;
}

export interface ActiveWaiver {
  resource: Resource<'Waiver'>;
  rule: string;
  target: string;
  expires: string;
}

/** Waivers still in force on `now`; expired ones and ones naming unknown rules become diagnostics. */
export function activeWaivers(model: WorkspaceModel, ruleIds: readonly string[], now: Date, diagnostics: Diagnostic[]): ActiveWaiver[] {
  const out: ActiveWaiver[] = [];
  for (const r of model.policies) {
    if (r.kind !== 'Waiver') continue;
    const waiver = r as Resource<'Waiver'>;
    const spec = waiver.manifest.spec;
    if (!ruleIds.includes(spec.rule)) {
      diagnostics.push(unknownRule(waiver, '/spec/rule', spec.rule, ruleIds));
      continue;
    }
    const expires = parseDay(spec.expires);
    if (!expires) continue; // the schema's date format already reported it
    const day = formatDay(expires);
    if (now.getTime() >= expires.getTime()) {
      diagnostics.push(
        diagnosticAt(waiver.doc, '/spec/expires', {
          severity: 'warning',
          code: 'policy/waiver-expired',
          message: `Waiver '${waiver.name}' of rule '${spec.rule}' for ${spec.resource} expired on ${day}; it no longer waives anything`,
          data: { waiver: waiver.id, rule: spec.rule, resource: spec.resource, expires: day },
        }),
      );
      continue;
    }
    out.push({ resource: waiver, rule: spec.rule, target: spec.resource, expires: day });
  }
  return out;
}

function unknownRule(resource: Resource, pointer: string, id: string, ruleIds: readonly string[]): Diagnostic {
  const suggest = closestMatches(id, ruleIds);
  return diagnosticAt(resource.doc, pointer, {
    severity: 'error',
    code: 'policy/unknown-rule',
    message: `Unknown policy rule '${id}'`,
    ...(suggest.length ? { suggest } : {}),
    data: { rule: id },
  });
}
