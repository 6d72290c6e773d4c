import { specHash } from '../../src/core/canonical-json.js';
import { MANAGED_BY_LABEL, type ActualResource, type ActualState, type DesiredResource } from '../../src/plan/resource.js';

/** Builders shared by the plan and apply tests. */
export function desired(kind: string, name: string, spec: Record<string, unknown> = {}, extra: { labels?: Record<string, string>; protect?: boolean; owner?: string } = {}): DesiredResource {
  return { kind, name, spec, labels: { ...extra.labels, [MANAGED_BY_LABEL]: extra.owner ?? 'ws' }, hash: specHash(spec), protect: extra.protect ?? false };
}

export function actual(kind: string, name: string, spec: Record<string, unknown> = {}, extra: { labels?: Record<string, string>; protect?: boolean; owner?: string | null } = {}): ActualResource {
  const labels: Record<string, string> = { ...extra.labels };
  if (extra.owner !== null) labels[MANAGED_BY_LABEL] = extra.owner ?? 'ws';
  return { kind, name, spec, labels, hash: specHash(spec), protect: extra.protect ?? false, revision: 1, updatedAt: '2026-01-01T00:00:00.000Z' };
}

export function state(resources: ActualResource[], revision = 7): ActualState {
  return { revision, commit: null, appliedAt: null, resources };
}
