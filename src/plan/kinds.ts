import { isRuntimeKind, type RuntimeKind } from '../core/kinds.js';

/**
 * The kinds a plan carries into the runtime, and the order they are applied in: what a resource refers
 * to comes first (an integration names its vendor and contract), deletes run in reverse.
 * Rulesets and waivers only steer CI findings; the runtime never holds them.
 */
export type PlanKind = RuntimeKind;

/** Exhaustive: adding a kind to the vocabulary fails compilation here until it has a level. */
export const KIND_LEVEL: Record<PlanKind, number> = {
  Vendor: 0,
  Contract: 1,
  DataContract: 2,
  Integration: 3,
  RiskPolicy: 4,
  RetentionPolicy: 4,
  ResidencyPolicy: 4,
  TransportPolicy: 4,
  CompatPolicy: 4,
};

export const PLAN_KINDS = (Object.keys(KIND_LEVEL) as PlanKind[]).sort((a, b) => KIND_LEVEL[a] - KIND_LEVEL[b] || (a < b ? -1 : a > b ? 1 : 0));

export const isPlanKind: (value: unknown) => value is PlanKind = isRuntimeKind;

/** Level of a kind the runtime holds but this version does not know: after everything it knows. */
export function kindLevel(kind: string): number {
  return isPlanKind(kind) ? KIND_LEVEL[kind] : Object.keys(KIND_LEVEL).length;
}
