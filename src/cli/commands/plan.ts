import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { hasErrors, type Diagnostic } from '../../core/diagnostic.js';
import type { ParsedDocument } from '../../core/document.js';
import { FatalError, UsageError } from '../../core/errors.js';
import { withReadRetry } from '../../apply/retry-reads.js';
import { problemOf, type RuntimeApi } from '../../apply/runtime-api.js';
import { RuntimeClient, RuntimeUnreachableError } from '../../runtime/client.js';
import { readGitInfo, resolveRevision, type GitInfo } from '../../load/git-info.js';
import { parseJson } from '../../load/json-document.js';
import { readUserFile } from '../../load/read-file.js';
import { computePlan } from '../../plan/compute-plan.js';
import { compileDesired } from '../../plan/desired.js';
import { checkPlanSafety, DEFAULT_GUARD, type GuardOptions } from '../../plan/guard.js';
import { hasChanges, type Plan } from '../../plan/plan.js';
import { DEFAULT_WORKSPACE_ID, type ActualState } from '../../plan/resource.js';
import { enableGate } from '../../policy/index.js';
import { renderPlanJson } from '../../report/plan-json.js';
import { renderPlanMarkdown } from '../../report/plan-markdown.js';
import { renderPlanText } from '../../report/plan-text.js';
import type { SourceText } from '../../report/diagnostics-text.js';
import type { RegisterCommand } from '../context.js';
import { EXIT, type CliIO } from '../io.js';
import { loadModel } from '../load-model.js';
import { withCommonOptions, workspaceDir } from '../options.js';
import { colorEnabled, printDiagnostics } from '../render.js';

export const DEFAULT_RUNTIME_URL = 'http://127.0.0.1:7300';

/** Options shared by plan, apply, drift and reconcile. */
export interface RuntimeOptions {
  runtime?: string;
  workspaceId?: string;
  allowDeletes?: string;
  cwd?: string;
  format: string;
}

export function withRuntimeOptions(cmd: Command): Command {
  return cmd
    .option('--runtime <url>', `runtime admin API (default: $INTERLOCK_RUNTIME_URL, else ${DEFAULT_RUNTIME_URL})`)
    .option('--workspace-id <id>', `owner label of this workspace's resources (default: $INTERLOCK_WORKSPACE_ID, else "${DEFAULT_WORKSPACE_ID}")`);
}

export function withGuardOption(cmd: Command): Command {
  return cmd.option('--allow-deletes <n>', 'allow up to N deletes, whatever the deletion guard says');
}

/** The admin API client; a runtime problem surfacing where none is expected becomes a plain fatal message. */
export function runtimeApi(io: CliIO, opts: RuntimeOptions): RuntimeApi {
  const url = opts.runtime ?? io.env.INTERLOCK_RUNTIME_URL ?? DEFAULT_RUNTIME_URL;
  if (!/^https?:\/\//.test(url)) throw new UsageError(`--runtime must be an http(s) URL, got '${url}'`);
  // The runtime's typed client satisfies the interface apply is written against.
  const api: RuntimeApi = new RuntimeClient({ url, token: io.env.INTERLOCK_TOKEN });
  return withReadRetry(api);
}

export async function fetchState(api: RuntimeApi): Promise<ActualState> {
  try {
    return await api.getState();
  } catch (error) {
    throw runtimeFatal(error, 'reading the runtime state');
  }
}

/** Runtime failures where none is expected become plain fatal messages (exit 2); anything else is passed on. */
export function runtimeFatal(error: unknown, doing: string): unknown {
  if (error instanceof RuntimeUnreachableError) {
    return new FatalError(`Cannot reach the runtime at ${error.url} while ${doing}; start it with \`interlock runtime start\` or pass --runtime URL`);
  }
  const problem = problemOf(error);
  if (!problem) return error;
  const hint = problem.status === 401 ? ' (set INTERLOCK_TOKEN to a token from `interlock runtime token create --role operator`)' : problem.status === 403 ? ' (the token’s role may not do this; apply needs the operator role)' : '';
  return new FatalError(`The runtime refused ${doing}: ${problem.title} (${problem.status})${problem.detail ? `: ${problem.detail}` : ''}${hint}`);
}

export function workspaceId(io: CliIO, opts: RuntimeOptions): string {
  return opts.workspaceId ?? io.env.INTERLOCK_WORKSPACE_ID ?? DEFAULT_WORKSPACE_ID;
}

export function guardOptions(opts: RuntimeOptions): GuardOptions {
  if (opts.allowDeletes === undefined) return DEFAULT_GUARD;
  const n = Number(opts.allowDeletes);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--allow-deletes needs a whole number, got '${opts.allowDeletes}'`);
  return { ...DEFAULT_GUARD, allowDeletes: n };
}

export interface WorkspacePlan {
  plan: Plan;
  /** Validation, ownership conflicts and guard findings. */
  diagnostics: Diagnostic[];
  sourceText: SourceText;
  git: GitInfo | null;
}

/**
 * The workspace in `dir` (or at git `revision`) planned against `state`. Validation errors leave the
 * plan empty of meaning, so they are returned and the caller stops; so do onboarding-gate errors when the
 * plan is about to be applied (`gate.enforceOnboarding`).
 */
export async function planWorkspace(io: CliIO, dir: string, state: ActualState, opts: RuntimeOptions, revision?: string, gate: { enforceOnboarding?: boolean } = {}): Promise<WorkspacePlan | { diagnostics: Diagnostic[]; sourceText: SourceText; plan?: undefined }> {
  const commit = revision ? await resolveRevision(dir, revision) : undefined;
  const head = await readGitInfo(dir, 'HEAD');
  // A clean working tree at the asked-for commit is read from disk: the same files, without a git process per file.
  const fromTree = commit === undefined || (head !== null && !head.dirty && head.commit === commit);
  const loaded = await loadModel(dir, fromTree ? undefined : commit);
  const { model, sourceText } = loaded;
  if (hasErrors(loaded.diagnostics)) return { diagnostics: loaded.diagnostics, sourceText };
  let diagnostics = loaded.diagnostics;
  if (gate.enforceOnboarding) {
    // What is about to be applied holds the onboarding gate as in CI, whatever reached the branch.
    const enable = await enableGate(model, new Date());
    diagnostics = [...diagnostics, ...enable.diagnostics];
    if (!enable.allowed) return { diagnostics, sourceText };
  }
  const git = commit === undefined || fromTree ? head : await readGitInfo(dir, commit);
  const id = workspaceId(io, opts);
  const desired = compileDesired(model, { workspaceId: id });
  // A plan of a working tree with uncommitted files does not stand for its commit, so it names none.
  const dirty: Diagnostic[] = git?.dirty
    ? [{ severity: 'warning', code: 'plan/uncommitted-changes', message: `The workspace has uncommitted changes; the plan (and an apply of it) records no commit, so \`interlock drift\` keeps comparing against ${state.commit ? `commit ${state.commit.slice(0, 12)}` : 'no commit'}`, data: { head: git.commit } }]
    : [];
  const planned = computePlan(desired, state, { workspaceId: id, createdAt: new Date().toISOString(), commit: git && !git.dirty ? git.commit : undefined });
  const guard = checkPlanSafety(planned.value, guardOptions(opts));
  return { plan: planned.value, diagnostics: [...diagnostics, ...dirty, ...planned.diagnostics, ...guard], sourceText, git };
}

/** A JSON file named on the command line (plan or state); unreadable or malformed is fatal (exit 2). */
export async function readJsonFile(file: string, what: string): Promise<ParsedDocument> {
  const text = readUserFile(file, file);
  const parsed = parseJson(path.basename(file), text);
  if (!parsed.document || hasErrors(parsed.diagnostics)) throw new FatalError(`${what} ${file} is not valid JSON`, parsed.diagnostics);
  return parsed.document;
}

async function readStateFile(file: string): Promise<ActualState> {
  const value = (await readJsonFile(file, 'state file')).value as Partial<ActualState> | null;
  if (!value || typeof value.revision !== 'number' || !Array.isArray(value.resources)) {
    throw new FatalError(`State file ${file} is not a runtime state snapshot (GET /v1/state): it needs "revision" and "resources"`);
  }
  return { revision: value.revision, commit: value.commit ?? null, appliedAt: value.appliedAt ?? null, resources: value.resources };
}

export function renderPlan(io: CliIO, format: string, plan: Plan, diagnostics: Diagnostic[], sourceText?: SourceText): void {
  if (format === 'json') {
    io.stdout.write(renderPlanJson(plan, diagnostics));
    return;
  }
  io.stdout.write(format === 'markdown' ? renderPlanMarkdown(plan) : renderPlanText(plan, { color: colorEnabled(io) }));
  if (diagnostics.length) {
    io.stdout.write('\n');
    printDiagnostics(io, 'text', diagnostics, sourceText);
  }
}

export const registerPlan: RegisterCommand = (program, ctx) => {
  const cmd = new Command('plan')
    .description('Compare the workspace with the runtime and show what apply would change')
    .option('--out <file>', 'save the plan (versioned JSON) for `interlock apply FILE`')
    .option('--detailed-exitcode', 'exit 3 when the plan has changes')
    .option('--revision <rev>', 'plan a git revision instead of the working tree')
    .option('--state <file>', 'plan against a saved runtime state snapshot (GET /v1/state) instead of the runtime');
  withGuardOption(withRuntimeOptions(cmd));
  withCommonOptions(cmd, ['text', 'json', 'markdown']);
  cmd.action(async (opts: RuntimeOptions & { out?: string; detailedExitcode?: boolean; revision?: string; state?: string }) => {
    const dir = workspaceDir(ctx.io, opts);
    guardOptions(opts);
    const state = opts.state ? await readStateFile(path.resolve(ctx.io.cwd, opts.state)) : await fetchState(runtimeApi(ctx.io, opts));
    const result = await planWorkspace(ctx.io, dir, state, opts, opts.revision);
    if (!result.plan) {
      printDiagnostics(ctx.io, opts.format === 'json' ? 'json' : 'text', result.diagnostics, result.sourceText);
      ctx.exit(EXIT.findings);
      return;
    }
    renderPlan(ctx.io, opts.format, result.plan, result.diagnostics, result.sourceText);
    if (hasErrors(result.diagnostics)) {
      ctx.exit(EXIT.findings);
      return;
    }
    if (opts.out) await writeFile(path.resolve(ctx.io.cwd, opts.out), JSON.stringify(result.plan, null, 2) + '\n');
    ctx.exit(opts.detailedExitcode && hasChanges(result.plan) ? EXIT.changes : EXIT.ok);
  });
  program.addCommand(cmd);
};

