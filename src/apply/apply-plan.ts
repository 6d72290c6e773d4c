import type { Diagnostic } from '../core/diagnostic.js';
import { checkPlanSafety, DEFAULT_GUARD, type GuardOptions } from '../plan/guard.js';
import { changeId, type Plan, type PlanAction, type PlannedChange } from '../plan/plan.js';
import { planBatches } from './batches.js';
import { canarySignalMissing } from './canary.js';
import { LeaseKeeper } from './lease-keeper.js';
import { problemOf, problemSlug } from '../core/runtime-api.js';
import { errorMessage, type RuntimeApi } from './runtime-api.js';

export type ResourceStatus = 'succeeded' | 'failed' | 'not-attempted';

export interface ResourceOutcome {
  kind: string;
  name: string;
  action: PlanAction;
  status: ResourceStatus;
  /** Why it failed: the runtime's conflict reason (`exists`, `missing`, `protected`) or its problem slug. */
  error?: string;
}

/**
 * - `applied`: every change succeeded (or there was nothing to change).
 * - `partial`: some batches succeeded, then one failed; later ones were not attempted.
 * - `failed`: the first batch failed; nothing changed.
 * - `refused`: not attempted — unsafe plan, stale plan, or the lease is held by someone else.
 */
export type ApplyStatus = 'applied' | 'partial' | 'failed' | 'refused';

export interface ApplyReport {
  status: ApplyStatus;
  /** The runtime revision after the apply. */
  revision: number;
  resources: ResourceOutcome[];
  diagnostics: Diagnostic[];
}

export interface ApplyProgress {
  batch: number;
  batches: number;
  done: number;
  total: number;
}

/**
 * Rolls out an integration update as a canary before it is applied: `wants` picks the changes, `run`
 * drives the canary to its end, `finish` cleans up after the promoted update was applied.
 */
export interface CanaryRunner {
  wants(change: PlannedChange): boolean;
  run(change: PlannedChange): Promise<{ promoted: boolean; detail?: string }>;
  finish?(change: PlannedChange): Promise<void>;
}

export interface ApplyOptions {
  /** Who holds the lease while applying, e.g. `interlock apply (host pid 123)`. */
  holder: string;
  leaseTtlSeconds?: number;
  /** The workspace commit and its author, recorded by the runtime. */
  commit?: string;
  author?: string;
  batchSize?: number;
  guard?: GuardOptions;
  /** Canary rollouts of integration updates, run after every other batch succeeded. */
  canary?: CanaryRunner;
  onProgress?(progress: ApplyProgress): void;
}

const DEFAULT_BATCH = 500;

function refused(revision: number, resources: ResourceOutcome[], d: Diagnostic): ApplyReport {
  return { status: 'refused', revision, resources: resources.map((r) => ({ ...r, status: 'not-attempted' })), diagnostics: [d] };
}

/** Conflicting resources of a 409 `change-conflict`, by `Kind/name`. */
function conflictsOf(error: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const conflicts = problemOf(error)?.conflicts;
  if (Array.isArray(conflicts)) {
    for (const c of conflicts as { kind?: unknown; name?: unknown; reason?: unknown }[]) {
      if (typeof c.kind === 'string' && typeof c.name === 'string') out.set(`${c.kind}/${c.name}`, typeof c.reason === 'string' ? c.reason : 'conflict');
    }
  }
  return out;
}

/**
 * Carries out a plan against the runtime: checks it is safe, takes the lease, refuses the plan when the
 * runtime moved past its revision, then posts batches in dependency order. Each batch is all-or-nothing;
 * the first failure stops the apply and the report says which resources succeeded, failed, or were not
 * attempted. Environment failures (runtime unreachable) throw.
 */
export async function applyPlan(plan: Plan, api: RuntimeApi, options: ApplyOptions): Promise<ApplyReport> {
  const resources: ResourceOutcome[] = plan.changes
    .filter((c) => c.action !== 'noop')
    .map((c) => ({ kind: c.kind, name: c.name, action: c.action, status: 'not-attempted' as ResourceStatus }));
  const unsafe = checkPlanSafety(plan, options.guard ?? DEFAULT_GUARD).filter((d) => d.severity === 'error');
  if (unsafe.length) return { ...refused(plan.runtimeRevision, resources, unsafe[0]), diagnostics: unsafe };

  let lease: LeaseKeeper;
  try {
    lease = await LeaseKeeper.acquire(api, options.holder, options.leaseTtlSeconds ?? 30);
  } catch (error) {
    if (problemSlug(error) !== 'lease-held') throw error;
    return refused(plan.runtimeRevision, resources, {
      severity: 'error',
      code: 'apply/lease-held',
      message: `Another reconciler holds the runtime lease: ${errorMessage(error)}`,
      data: { holder: problemOf(error)?.holder },
    });
  }
  try {
    const state = await api.getState();
    if (state.revision !== plan.runtimeRevision) {
      return refused(state.revision, resources, {
        severity: 'error',
        code: 'apply/stale-plan',
        message: `The plan was computed against runtime revision ${plan.runtimeRevision}, but the runtime is at revision ${state.revision}; run \`interlock plan\` again`,
        data: { planRevision: plan.runtimeRevision, runtimeRevision: state.revision },
      });
    }
    return await runBatches(plan, api, lease, options, resources);
  } finally {
    await lease.release();
  }
}

async function runBatches(plan: Plan, api: RuntimeApi, lease: LeaseKeeper, options: ApplyOptions, resources: ResourceOutcome[]): Promise<ApplyReport> {
  const byId = new Map(resources.map((r) => [`${r.kind}/${r.name}`, r]));
  const canaries = options.canary ? plan.changes.filter((c) => c.action === 'update' && options.canary!.wants(c)) : [];
  const direct = canaries.length ? { ...plan, changes: plan.changes.filter((c) => !canaries.includes(c)) } : plan;
  const batches = planBatches(direct, options.batchSize ?? DEFAULT_BATCH);
  const meta = { ...(options.commit ? { commit: options.commit } : {}), ...(options.author ? { author: options.author } : {}) };
  let revision = plan.runtimeRevision;
  if (!batches.length && !canaries.length) {
    // Nothing to change; still record which commit the runtime now matches.
    if (options.commit) revision = (await api.apply({ expectedRevision: revision, leaseToken: lease.token, changes: [], ...meta })).revision;
    return { status: 'applied', revision, resources, diagnostics: [] };
  }
  const total = batches.reduce((n, b) => n + b.items.length, 0);
  let done = 0;
  const attemptedIds = new Set<string>();
  for (const [i, batch] of batches.entries()) {
    if (lease.lost !== undefined) {
      return finish(revision, resources, attemptedIds, {
        severity: 'error',
        code: 'apply/lease-lost',
        message: `The runtime lease was lost while applying (${lease.lost}); the remaining changes were not attempted`,
      });
    }
    try {
      const response = await api.apply({ expectedRevision: revision, leaseToken: lease.token, changes: batch.items.map((it) => it.change), ...meta });
      revision = response.revision;
      for (const it of batch.items) {
        attemptedIds.add(it.planned);
        const outcome = byId.get(it.planned)!;
        // A replacement succeeds once its create (the second half) went through.
        if (it.change.action !== 'delete' || outcome.action !== 'replace') outcome.status = 'succeeded';
      }
    } catch (error) {
      if (problemOf(error) === undefined) throw error;
      const conflicts = conflictsOf(error);
      const slug = problemSlug(error) ?? 'error';
      for (const it of batch.items) {
        attemptedIds.add(it.planned);
        const outcome = byId.get(it.planned)!;
        outcome.status = 'failed';
        outcome.error = conflicts.get(it.planned) ?? (conflicts.size ? 'batch-rolled-back' : slug);
      }
      return finish(revision, resources, attemptedIds, {
        severity: 'error',
        code: 'apply/batch-failed',
        message: `Batch ${i + 1} of ${batches.length} was refused by the runtime (${slug}): ${errorMessage(error)}`,
        data: { batch: i + 1, batches: batches.length, problem: slug, conflicts: Object.fromEntries(conflicts) },
      });
    }
    done += batch.items.length;
    options.onProgress?.({ batch: i + 1, batches: batches.length, done, total });
  }
  const diagnostics: Diagnostic[] = [];
  for (const change of canaries) {
    const outcome = byId.get(changeId(change))!;
    let result: { promoted: boolean; detail?: string };
    const noSignal = canarySignalMissing(change.after?.spec);
    try {
      if (noSignal) {
        // Fail fast: a canary without a signal would hold the lease for every step's limit and prove nothing.
        result = { promoted: true };
        diagnostics.push({
          severity: 'info',
          code: 'apply/canary-skipped',
          message: `The canary of ${changeId(change)} was skipped: ${noSignal}; the update was applied directly`,
          data: { kind: change.kind, name: change.name, reason: noSignal },
        });
      } else result = await options.canary!.run(change);
    } catch (error) {
      // The runtime refused the canary lever (e.g. the token's role may not set canaries): not applied.
      if (problemOf(error) === undefined) throw error;
      outcome.status = 'failed';
      outcome.error = problemSlug(error) ?? 'canary-failed';
      diagnostics.push({
        severity: 'error',
        code: 'apply/canary-failed',
        message: `The canary of ${changeId(change)} could not run: ${errorMessage(error)}; the update was not applied`,
        data: { kind: change.kind, name: change.name, problem: problemSlug(error) },
      });
      continue;
    }
    if (!result.promoted) {
      outcome.status = 'failed';
      outcome.error = 'canary-rolled-back';
      diagnostics.push({
        severity: 'error',
        code: 'apply/canary-rolled-back',
        message: `The canary of ${changeId(change)} was rolled back${result.detail ? `: ${result.detail}` : ''}; the runtime keeps the previous version`,
        data: { kind: change.kind, name: change.name },
      });
      continue;
    }
    const after = change.after!;
    const response = await api.apply({
      expectedRevision: revision,
      leaseToken: lease.token,
      changes: [{ action: 'update', kind: change.kind, name: change.name, spec: after.spec, labels: after.labels, protect: after.protect }],
      ...meta,
    });
    revision = response.revision;
    outcome.status = 'succeeded';
    if (!noSignal) await options.canary!.finish?.(change);
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { status: resources.some((r) => r.status === 'succeeded') ? 'partial' : 'failed', revision, resources, diagnostics };
  return { status: 'applied', revision, resources, diagnostics };
}

function finish(revision: number, resources: ResourceOutcome[], attempted: Set<string>, d: Diagnostic): ApplyReport {
  const anySucceeded = resources.some((r) => r.status === 'succeeded');
  // A replacement whose delete went through but whose create did not is a failure, not "not attempted".
  for (const r of resources) if (r.status === 'not-attempted' && attempted.has(changeId(r)) && r.action === 'replace') r.status = 'failed';
  return { status: anySucceeded ? 'partial' : 'failed', revision, resources, diagnostics: [d] };
}
