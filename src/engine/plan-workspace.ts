import { hasErrors, type Diagnostic } from '../core/diagnostic.js';
import type { SourceText } from '../core/document.js';
import type { StateSnapshot } from '../core/runtime-api.js';
import { readGitInfo, resolveRevision, type GitInfo } from '../load/git-info.js';
import { computePlan } from '../plan/compute-plan.js';
import { compileDesired } from '../plan/desired.js';
import { checkPlanSafety, DEFAULT_GUARD, type GuardOptions } from '../plan/guard.js';
import type { Plan } from '../plan/plan.js';
import { enableGate } from '../policy/index.js';
import { loadModel, type LoadedModel } from './load-workspace.js';

export interface PlanWorkspaceOptions {
  /** The workspace directory (a git work tree when `revision` is given). */
  dir: string;
  /** The runtime state to plan against (`GET /v1/state`, or a saved snapshot). */
  state: StateSnapshot;
  /** Owner label of this workspace's resources. */
  workspaceId: string;
  guard?: GuardOptions;
  /** Plan a git revision instead of the working tree. */
  revision?: string;
  /** The plan's creation time (injected so tests are deterministic). */
  now?: () => Date;
  /** The plan is about to be applied: the onboarding gate must hold, as in CI, whatever reached the branch. */
  enforceOnboarding?: boolean;
}

export interface WorkspacePlan {
  plan: Plan;
  /** Validation, ownership conflicts and guard findings. */
  diagnostics: Diagnostic[];
  sourceText: SourceText;
  git: GitInfo | null;
}

/** Validation errors leave no plan: the diagnostics say why. */
export interface UnplannableWorkspace {
  plan?: undefined;
  diagnostics: Diagnostic[];
  sourceText: SourceText;
}

/**
 * The workspace in `dir` (or at git `revision`) planned against `state`. Validation errors leave the
 * plan empty of meaning, so they are returned and the caller stops; so do onboarding-gate errors when the
 * plan is about to be applied (`enforceOnboarding`).
 */
export async function planWorkspace(options: PlanWorkspaceOptions): Promise<WorkspacePlan | UnplannableWorkspace> {
  const { dir, state, revision } = options;
  const commit = revision ? await resolveRevision(dir, revision) : undefined;
  const head = await readGitInfo(dir, 'HEAD');
  // A clean working tree at the asked-for commit is read from disk: the same files, without a git process per file.
  const fromTree = commit === undefined || (head !== null && !head.dirty && head.commit === commit);
  const loaded = await loadModel(dir, fromTree ? undefined : commit);
  const git = commit === undefined || fromTree ? head : await readGitInfo(dir, commit);
  return planLoaded(loaded, git, options);
}

/** An already loaded workspace planned against `state` (the gate plans the model it has checked). */
export async function planLoaded(loaded: LoadedModel, git: GitInfo | null, options: Omit<PlanWorkspaceOptions, 'dir' | 'revision'>): Promise<WorkspacePlan | UnplannableWorkspace> {
  const { state } = options;
  const { model, sourceText } = loaded;
  if (hasErrors(loaded.diagnostics)) return { diagnostics: loaded.diagnostics, sourceText };
  let diagnostics = loaded.diagnostics;
  if (options.enforceOnboarding) {
    const enable = await enableGate(model, options.now?.() ?? new Date());
    diagnostics = [...diagnostics, ...enable.diagnostics];
    if (!enable.allowed) return { diagnostics, sourceText };
  }
  const desired = compileDesired(model, { workspaceId: options.workspaceId });
  // A plan of a working tree with uncommitted files does not stand for its commit, so it names none.
  const dirty: Diagnostic[] = git?.dirty
    ? [{ severity: 'warning', code: 'plan/uncommitted-changes', message: `The workspace has uncommitted changes; the plan (and an apply of it) records no commit, so \`interlock drift\` keeps comparing against ${state.commit ? `commit ${state.commit.slice(0, 12)}` : 'no commit'}`, data: { head: git.commit } }]
    : [];
  const createdAt = (options.now?.() ?? new Date()).toISOString();
  const planned = computePlan(desired, state, { workspaceId: options.workspaceId, createdAt, commit: git && !git.dirty ? git.commit : undefined });
  const guard = checkPlanSafety(planned.value, options.guard ?? DEFAULT_GUARD);
  return { plan: planned.value, diagnostics: [...diagnostics, ...dirty, ...planned.diagnostics, ...guard], sourceText, git };
}
