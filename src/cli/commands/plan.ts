import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { hasErrors } from '../../core/diagnostic.js';
import { FatalError } from '../../core/errors.js';
import type { StateSnapshot } from '../../core/runtime-api.js';
import { planWorkspace } from '../../engine/plan-workspace.js';
import { hasChanges } from '../../plan/plan.js';
import type { RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { withCommonOptions, workspaceDir } from '../options.js';
import { printDiagnostics } from '../render.js';
import { renderPlan } from '../render-plan.js';
import { fetchState, guardOptions, readJsonFile, runtimeApi, withGuardOption, withRuntimeOptions, workspaceId, type RuntimeOptions } from '../runtime-options.js';

async function readStateFile(file: string): Promise<StateSnapshot> {
  const value = (await readJsonFile(file, 'state file')).value as Partial<StateSnapshot> | null;
  if (!value || typeof value.revision !== 'number' || !Array.isArray(value.resources)) {
    throw new FatalError(`State file ${file} is not a runtime state snapshot (GET /v1/state): it needs "revision" and "resources"`);
  }
  return { revision: value.revision, commit: value.commit ?? null, appliedAt: value.appliedAt ?? null, resources: value.resources };
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
    // What apply would refuse, plan refuses too: a vendor short of its onboarding gate is shown here, not first at apply.
    const result = await planWorkspace({ dir, state, workspaceId: workspaceId(ctx.io, opts), guard: guardOptions(opts), revision: opts.revision, enforceOnboarding: true });
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

