export { runPolicies, policyCode, type PolicyOptions, type PolicySummary } from './run.js';
export { rules } from './rules/index.js';
export type { Rule, RuleMeta, RuleContext, ReportDescriptor } from './rule.js';
export { effectivePolicies, type EffectivePolicies } from './policies.js';
export { computeTier, describeComputation, type TierComputation } from './tier.js';
export { enableGate } from './enable-gate.js';
