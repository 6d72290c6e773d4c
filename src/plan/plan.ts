import type { FieldDiff } from './field-diff.js';
import type { Labels } from './resource.js';

/** Bumped when a plan file changes shape; apply refuses a plan of another version. */
export const PLAN_FORMAT_VERSION = 1;

export type PlanAction = 'create' | 'update' | 'delete' | 'replace' | 'noop';

/**
 * Why a resource gets its action:
 * - `new`: in the workspace, not in the runtime.
 * - `changed`: spec, labels or protection differ.
 * - `adopted`: in the runtime without an owner label; the update labels it as this workspace's.
 * - `immutable-field`: a field that cannot change in place changed (see `replaceFields`).
 * - `removed`: gone from the workspace and owned by it.
 * - `renamed`: gone under one name and new under another with the same spec (a delete plus a create).
 * - `protected`: gone from the workspace but protected; kept until released in the runtime.
 * - `unchanged`: equal.
 */
export type PlanReason = 'new' | 'changed' | 'adopted' | 'immutable-field' | 'removed' | 'renamed' | 'protected' | 'unchanged';

/** A resource as one side of a change sees it. */
export interface ResourceState {
  spec: Record<string, unknown>;
  labels: Labels;
  protect: boolean;
  hash: string;
}

export interface PlannedChange {
  action: PlanAction;
  kind: string;
  name: string;
  /** The runtime's view (null for a create). */
  before: ResourceState | null;
  /** The workspace's view (null for a delete, or the runtime's view when a protected resource is kept). */
  after: ResourceState | null;
  /** Changed fields, as JSON pointers into the resource: `/spec/...`, `/labels/...`, `/protect`. */
  diff: FieldDiff[];
  reason: PlanReason;
  /** For `renamed`: the other half of the rename. */
  renamedFrom?: string;
  renamedTo?: string;
  /** For `replace`: the immutable fields that changed. */
  replaceFields?: string[];
}

export interface PlanSummary {
  add: number;
  change: number;
  destroy: number;
  /** Resources gone from the workspace but kept because they are protected. */
  kept: number;
  unchanged: number;
}

export interface Plan {
  formatVersion: typeof PLAN_FORMAT_VERSION;
  /** The runtime revision the plan was computed against; apply refuses it once the runtime moved on. */
  runtimeRevision: number;
  /** The commit the runtime recorded at that revision. */
  runtimeCommit: string | null;
  createdAt: string;
  /** The workspace commit the desired state came from. */
  commit?: string;
  /** The owner label value this workspace stamps on what it creates. */
  workspaceId: string;
  /** In apply order: creates and updates by dependency level, then deletes in reverse. */
  changes: PlannedChange[];
  summary: PlanSummary;
}

export function hasChanges(plan: Plan): boolean {
  return plan.changes.some((c) => c.action !== 'noop');
}

export function changeId(change: { kind: string; name: string }): string {
  return `${change.kind}/${change.name}`;
}
