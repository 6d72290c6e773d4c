import { Command } from 'commander';
import { hasErrors } from '../../core/diagnostic.js';
import { UsageError } from '../../core/errors.js';
import { parseInterval, runReconcileLoop } from '../../apply/reconcile-loop.js';
import { errorMessage } from '../../apply/runtime-api.js';
import { planWorkspace } from '../../engine/plan-workspace.js';
import { resolveRevision } from '../../load/git-info.js';
import { hasChanges } from '../../plan/plan.js';
import { summaryLine } from '../../report/plan-format.js';
import type { RegisterCommand } from '../context.js';
import { EXIT, type CliIO } from '../io.js';
import { withCommonOptions, workspaceDir } from '../options.js';
import { printDiagnostics } from '../render.js';
import { applyAndReport, type ApplyCliOptions } from '../apply-and-report.js';
import { fetchState, guardOptions, runtimeApi, withGuardOption, withRuntimeOptions, workspaceId } from '../runtime-options.js';

interface ReconcileOptions extends ApplyCliOptions {
  watch?: boolean;
  interval: string;
  branch: string;
  maxTicks?: string;
}

/** One reconciliation: plan the branch's latest commit against the runtime and apply it when they differ. */
async function reconcileOnce(io: CliIO, dir: string, opts: ReconcileOptions): Promise<number> {
  const commit = await resolveRevision(dir, opts.branch);
  const api = runtimeApi(io, opts);
  const state = await fetchState(api);
  const at = `${opts.branch}@${commit.slice(0, 12)}`;
  const result = await planWorkspace({ dir, state, workspaceId: workspaceId(io, opts), guard: guardOptions(opts), revision: commit, enforceOnboarding: true });
  if (!result.plan || hasErrors(result.diagnostics)) {
    io.stdout.write(`${at}: not applied\n`);
    printDiagnostics(io, 'text', result.diagnostics, result.sourceText);
    return EXIT.findings;
  }
  if (!hasChanges(result.plan) && state.commit === commit) {
    io.stdout.write(`${at}: in sync at runtime revision ${state.revision}\n`);
    return EXIT.ok;
  }
  io.stdout.write(`${at}: ${summaryLine(result.plan.summary)}\n`);
  const { code } = await applyAndReport(io, api, result.plan, dir, { ...opts, format: 'text' });
  return code;
}

export const registerReconcile: RegisterCommand = (program, ctx) => {
  const cmd = new Command('reconcile')
    .description('Converge the runtime to the latest commit of a branch, once or --watch (self-heal)')
    .option('--watch', 'keep reconciling every --interval until interrupted')
    .option('--interval <duration>', 'time between reconciliations (e.g. 30s, 500ms, 5m)', '30s')
    .option('--branch <branch>', 'the branch (or any git revision) whose latest commit is the desired state', 'main')
    .option('--max-ticks <n>', 'with --watch: stop after N reconciliations')
    .option('--lease-ttl <seconds>', 'time to live of the runtime lease, renewed while applying', '30');
  withGuardOption(withRuntimeOptions(cmd));
  withCommonOptions(cmd, ['text']);
  cmd.action(async (opts: ReconcileOptions) => {
    const dir = workspaceDir(ctx.io, opts);
    guardOptions(opts);
    const intervalMs = parseInterval(opts.interval);
    if (intervalMs === undefined || intervalMs <= 0) throw new UsageError(`--interval needs a duration such as 30s or 500ms, got '${opts.interval}'`);
    const maxTicks = opts.maxTicks === undefined ? undefined : Number(opts.maxTicks);
    if (maxTicks !== undefined && (!Number.isInteger(maxTicks) || maxTicks < 1)) throw new UsageError(`--max-ticks needs a positive whole number, got '${opts.maxTicks}'`);
    if (!opts.watch) {
      ctx.exit(await reconcileOnce(ctx.io, dir, opts));
      return;
    }
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const { last } = await runReconcileLoop({
        tick: () => reconcileOnce(ctx.io, dir, opts),
        intervalMs,
        maxTicks,
        signal: controller.signal,
        onError: (error) => ctx.io.stderr.write(`interlock: reconcile failed: ${errorMessage(error)}; retrying in ${opts.interval}\n`),
      });
      ctx.exit(last ?? EXIT.findings);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  });
  program.addCommand(cmd);
};
