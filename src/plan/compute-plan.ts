import type { Diagnostic, Result } from '../core/diagnostic.js';
import { differFor, replaceFieldsOf } from './differs.js';
import { diffValues, type FieldDiff } from './field-diff.js';
import { kindLevel } from './kinds.js';
import { compareLists } from './list-compare.js';
import { PLAN_FORMAT_VERSION, type Plan, type PlannedChange, type PlanSummary, type ResourceState } from './plan.js';
import { MANAGED_BY_LABEL, resourceKey, type ActualState, type DesiredResource } from './resource.js';

export interface PlanOptions {
  /** Owner label value of this workspace. */
  workspaceId: string;
  /** Injected clock: the plan's `createdAt`. */
  createdAt: string;
  /** The workspace commit the desired state came from. */
  commit?: string;
}

function stateOf(r: DesiredResource): ResourceState {
  return { spec: r.spec, labels: r.labels, protect: r.protect, hash: r.hash };
}

/** Field diff of the whole resource; protection is only ever cleared by an explicit release, so true → false is no change. */
function resourceDiff(before: ResourceState, after: ResourceState): FieldDiff[] {
  const diff = before.hash === after.hash ? [] : diffValues(before.spec, after.spec, '/spec');
  diff.push(...diffValues(before.labels, after.labels, '/labels'));
  if (before.protect !== after.protect) diff.push({ path: '/protect', before: before.protect, after: after.protect });
  return diff;
}

function byName(a: PlannedChange, b: PlannedChange): number {
  return a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Stable spec identity for rename detection: the spec plus labels other than ownership. */
function renameKey(r: DesiredResource): string {
  const labels = Object.entries(r.labels)
    .filter(([k]) => k !== MANAGED_BY_LABEL)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `${r.kind}\0${r.hash}\0${JSON.stringify(labels)}`;
}

/**
 * Desired vs actual → Plan. Pure: the clock and the workspace id come in through `options`.
 * Only resources labelled with this workspace's id are deleted; unlabelled ones the workspace also
 * declares are adopted; ones another workspace owns are a conflict (an error diagnostic, no change).
 */
export function computePlan(desired: readonly DesiredResource[], actual: ActualState, options: PlanOptions): Result<Plan> {
  const diagnostics: Diagnostic[] = [];
  const { added, removed, mutual } = compareLists(desired, actual.resources, resourceKey, resourceKey);
  const upserts: PlannedChange[] = [];
  const deletes: PlannedChange[] = [];

  const creates: PlannedChange[] = added.map((d) => ({ action: 'create', kind: d.kind, name: d.name, before: null, after: stateOf(d), diff: diffValues({}, { spec: d.spec, labels: d.labels }), reason: 'new' }));

  for (const { desired: d, actual: a } of mutual) {
    const owner = a.labels[MANAGED_BY_LABEL];
    if (owner !== undefined && owner !== options.workspaceId) {
      diagnostics.push({
        severity: 'error',
        code: 'plan/owned-elsewhere',
        message: `${resourceKey(d)} exists in the runtime and belongs to workspace '${owner}', not '${options.workspaceId}'`,
        data: { kind: d.kind, name: d.name, owner, workspaceId: options.workspaceId },
      });
      continue;
    }
    const before = stateOf(a);
    const after: ResourceState = { ...stateOf(d), protect: d.protect || a.protect };
    const diff = resourceDiff(before, after);
    if (diff.length === 0) {
      upserts.push({ action: 'noop', kind: d.kind, name: d.name, before, after: before, diff, reason: 'unchanged' });
      continue;
    }
    const replaceFields = replaceFieldsOf(differFor(d.kind), diff.map((f) => f.path));
    if (replaceFields.length) {
      if (a.protect) {
        diagnostics.push({
          severity: 'error',
          code: 'plan/protected-replace',
          message: `${resourceKey(d)} is protected and a change to ${replaceFields.join(', ')} would replace it; release it in the runtime first`,
          data: { kind: d.kind, name: d.name, fields: replaceFields },
        });
        continue;
      }
      upserts.push({ action: 'replace', kind: d.kind, name: d.name, before, after, diff, reason: 'immutable-field', replaceFields });
      continue;
    }
    upserts.push({ action: 'update', kind: d.kind, name: d.name, before, after, diff, reason: owner === undefined ? 'adopted' : 'changed' });
  }

  const owned = removed.filter((a) => a.labels[MANAGED_BY_LABEL] === options.workspaceId);
  const renameCandidates = new Map<string, PlannedChange[]>();
  for (const c of creates) {
    const key = renameKey({ kind: c.kind, name: c.name, ...c.after! });
    const list = renameCandidates.get(key) ?? [];
    list.push(c);
    renameCandidates.set(key, list);
  }
  for (const a of owned) {
    const before = stateOf(a);
    if (a.protect) {
      upserts.push({ action: 'noop', kind: a.kind, name: a.name, before, after: before, diff: [], reason: 'protected' });
      continue;
    }
    const deletion: PlannedChange = { action: 'delete', kind: a.kind, name: a.name, before, after: null, diff: diffValues({ spec: a.spec, labels: a.labels }, {}), reason: 'removed' };
    const partner = renameCandidates.get(renameKey(a))?.shift();
    if (partner) {
      partner.reason = 'renamed';
      partner.renamedFrom = a.name;
      deletion.reason = 'renamed';
      deletion.renamedTo = partner.name;
    }
    deletes.push(deletion);
  }

  upserts.push(...creates);
  upserts.sort((x, y) => kindLevel(x.kind) - kindLevel(y.kind) || byName(x, y));
  deletes.sort((x, y) => kindLevel(y.kind) - kindLevel(x.kind) || byName(x, y));
  const changes = [...upserts, ...deletes];

  const summary: PlanSummary = { add: 0, change: 0, destroy: 0, kept: 0, unchanged: 0 };
  for (const c of changes) {
    if (c.action === 'create') summary.add++;
    else if (c.action === 'update') summary.change++;
    else if (c.action === 'delete') summary.destroy++;
    else if (c.action === 'replace') {
      summary.add++;
      summary.destroy++;
    } else if (c.reason === 'protected') summary.kept++;
    else summary.unchanged++;
  }

  const plan: Plan = {
    formatVersion: PLAN_FORMAT_VERSION,
    runtimeRevision: actual.revision,
    runtimeCommit: actual.commit,
    createdAt: options.createdAt,
    ...(options.commit ? { commit: options.commit } : {}),
    workspaceId: options.workspaceId,
    changes,
    summary,
  };
  return { value: plan, diagnostics };
}

