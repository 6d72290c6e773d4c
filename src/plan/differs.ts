import type { PlanKind } from './kinds.js';

/**
 * How one kind is compared. Everything is compared field by field; a change to a `replaceOn` field
 * cannot be made in place (an integration moved to another vendor is a different connector), so the
 * resource is deleted and created again.
 */
export interface KindDiffer {
  replaceOn: readonly string[];
}

const plain: KindDiffer = { replaceOn: [] };

/** Exhaustive: a new kind must say how it is compared. */
export const DIFFERS: Record<PlanKind, KindDiffer> = {
  Vendor: plain,
  Contract: { replaceOn: ['/spec/format', '/spec/vendor'] },
  DataContract: plain,
  Integration: { replaceOn: ['/spec/vendor', '/spec/direction'] },
  RiskPolicy: plain,
  RetentionPolicy: plain,
  ResidencyPolicy: plain,
  TransportPolicy: plain,
  CompatPolicy: plain,
};

export function differFor(kind: string): KindDiffer {
  return Object.prototype.hasOwnProperty.call(DIFFERS, kind) ? DIFFERS[kind as PlanKind] : plain;
}

/** Whether a changed field path falls under one of the differ's replace fields. */
export function replaceFieldsOf(differ: KindDiffer, paths: readonly string[]): string[] {
  const hits = differ.replaceOn.filter((field) => paths.some((p) => p === field || p.startsWith(field + '/')));
  return hits;
}
