import path from 'node:path';
import { Command } from 'commander';
import { hasErrors } from '../../core/diagnostic.js';
import { UsageError } from '../../core/errors.js';
import { planWorkspace } from '../../engine/plan-workspace.js';
import { parsePlan } from '../../plan/parse-plan.js';
import { hasChanges, type Plan } from '../../plan/plan.js';
import { applyAndReport, type ApplyCliOptions } from '../apply-and-report.js';
import type { RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { withCommonOptions, workspaceDir } from '../options.js';
import { printDiagnostics } from '../render.js';
import { renderPlan } from '../render-plan.js';
import { fetchState, guardOptions, readJsonFile, runtimeApi, withGuardOption, withRuntimeOptions, workspaceId } from '../runtime-options.js';
import { loadModel } from '../../engine/load-workspace.js';
import { enableGate } from '../../policy/index.js';

export const registerApply: RegisterCommand = (program, ctx) => {
  const cmd = new Command('apply')
    .description('Apply a saved plan, or plan the workspace and apply it, to the runtime')
    .argument('[plan-file]', 'a plan saved by `interlock plan --out` (default: plan now)')
    .option('--lease-ttl <seconds>', 'time to live of the runtime lease, renewed while applying', '30')
    .option('--auto-approve', 'apply the plan computed now without asking (for automation; a plan file is never asked about)');
  withGuardOption(withRuntimeOptions(cmd));
  withCommonOptions(cmd, ['text', 'json']);
  cmd.action(async (planFile: string | undefined, opts: ApplyCliOptions) => {
    const dir = workspaceDir(ctx.io, opts);
    guardOptions(opts);
    const api = runtimeApi(ctx.io, opts);
    // Like `terraform apply`: a plan computed now is shown and confirmed; nobody is there to confirm in CI.
    if (!planFile && !opts.autoApprove && !ctx.io.ask) {
      throw new UsageError('apply without a plan file asks for confirmation, but stdin is not a terminal: pass --auto-approve, or apply a plan saved by `interlock plan --out FILE`');
    }
    let plan: Plan;
    if (planFile) {
      const file = path.resolve(ctx.io.cwd, planFile);
      const doc = await readJsonFile(file, 'plan file');
      const parsed = parsePlan(doc);
      if (!parsed.value) {
        printDiagnostics(ctx.io, 'text', parsed.diagnostics);
        ctx.exit(EXIT.fatal);
        return;
      }
      plan = parsed.value;
      // A plan file holds the onboarding gate too, judged on the commit it was planned from (the working
      // tree only for a plan of uncommitted files, which names no commit).
      const { model } = await loadModel(dir, plan.commit ?? undefined);
      const enable = await enableGate(model, new Date());
      if (!enable.allowed) {
        printDiagnostics(ctx.io, opts.format, enable.diagnostics);
        ctx.exit(EXIT.findings);
        return;
      }
    } else {
      const result = await planWorkspace({ dir, state: await fetchState(api), workspaceId: workspaceId(ctx.io, opts), guard: guardOptions(opts), enforceOnboarding: true });
      if (!result.plan || hasErrors(result.diagnostics)) {
        if (result.plan && opts.format !== 'json') renderPlan(ctx.io, 'text', result.plan, result.diagnostics, result.sourceText);
        else printDiagnostics(ctx.io, opts.format, result.diagnostics, result.sourceText);
        ctx.exit(EXIT.findings);
        return;
      }
      plan = result.plan;
      if (opts.format !== 'json') {
        renderPlan(ctx.io, 'text', plan, result.diagnostics, result.sourceText);
        ctx.io.stdout.write('\n');
      }
      if (!opts.autoApprove && hasChanges(plan) && ctx.io.ask) {
        const answer = await ctx.io.ask("Apply this plan? Only 'yes' will be accepted: ");
        if (answer.trim() !== 'yes') {
          ctx.io.stderr.write('Apply cancelled: nothing was changed.\n');
          ctx.exit(EXIT.findings);
          return;
        }
      }
    }
    const { code } = await applyAndReport(ctx.io, api, plan, dir, opts);
    ctx.exit(code);
  });
  program.addCommand(cmd);
};
