import { hasErrors, type Diagnostic } from '../core/diagnostic.js';
import type { WorkspaceModel } from '../validate/model.js';
import { onboardingGate } from './rules/onboarding-gate.js';
import { runPolicies } from './run.js';

/**
 * The gate `apply` holds whatever reached the branch: an integration whose vendor fails its tier's
 * onboarding gate is never enabled. Runs the onboarding-gate rule (with the workspace's Ruleset and
 * waivers, as in CI) and returns its findings; any error means nothing may be applied.
 */
export async function enableGate(model: WorkspaceModel, now: Date): Promise<{ allowed: boolean; diagnostics: Diagnostic[] }> {
  const result = await runPolicies(model, { now, rules: [onboardingGate] });
  return { allowed: !hasErrors(result.diagnostics), diagnostics: result.diagnostics };
}
