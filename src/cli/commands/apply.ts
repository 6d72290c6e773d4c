import { hostname } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { hasErrors } from '../../core/diagnostic.js';
import { UsageError } from '../../core/errors.js';
import { applyPlan, type ApplyProgress, type ApplyReport, type CanaryRunner } from '../../apply/apply-plan.js';
import { canaryConfig } from '../../apply/canary.js';
import { runCanary } from '../../apply/canary-controller.js';
import { deliveryCanaryTarget } from '../../apply/delivery-canary-target.js';
import { createGitHubClient, parseRepo } from '../../github/client.js';
import { openRollbackIncident } from '../../github/incident.js';
import { DeliveryClient } from '../../runtime/delivery/client.js';
import type { RuntimeApi } from '../../apply/runtime-api.js';
import { filesBeforeCommit, readGitInfo } from '../../load/git-info.js';
import { parsePlan } from '../../plan/parse-plan.js';
import { hasChanges, type Plan, type PlannedChange } from '../../plan/plan.js';
import { renderApplyJson, renderApplyText } from '../../report/plan-apply-text.js';
import type { RegisterCommand } from '../context.js';
import { EXIT, type CliIO } from '../io.js';
import { withCommonOptions, workspaceDir } from '../options.js';
import { printDiagnostics } from '../render.js';
import { DEFAULT_RUNTIME_URL, fetchState, guardOptions, planWorkspace, readJsonFile, renderPlan, runtimeApi, runtimeFatal, withGuardOption, withRuntimeOptions, type RuntimeOptions } from './plan.js';
import { loadModel } from '../load-model.js';
import { enableGate } from '../../policy/index.js';

export interface ApplyCliOptions extends RuntimeOptions {
  leaseTtl?: string;
  autoApprove?: boolean;
}

/** Progress on a terminal only: one rewritten stderr line per batch. */
function progressReporter(io: CliIO): ((p: ApplyProgress) => void) | undefined {
  if (!io.stderr.isTTY) return undefined;
  return (p) => io.stderr.write(`\rapplying: batch ${p.batch}/${p.batches}, ${p.done}/${p.total} changes${p.done === p.total ? '\n' : ''}`);
}

function rolloutOf(change: PlannedChange): { strategy?: string; steps?: number[]; maxErrorRate?: number; window?: string } | undefined {
  const rollout = change.after?.spec.rollout;
  return rollout !== null && typeof rollout === 'object' ? (rollout as { strategy?: string }) : undefined;
}

/**
 * Canary rollouts on the runtime's delivery lever for integration updates with `rollout.strategy: canary`.
 * On a rollback, when GITHUB_TOKEN and GITHUB_REPOSITORY are set (GITHUB_API_URL for another API root),
 * an incident issue and a revert pull request of the plan's commit are opened.
 */
function canaryRunner(io: CliIO, opts: ApplyCliOptions, plan: Plan, dir: string): CanaryRunner {
  const lever = new DeliveryClient({ url: opts.runtime ?? io.env.INTERLOCK_RUNTIME_URL ?? DEFAULT_RUNTIME_URL, token: io.env.INTERLOCK_TOKEN });
  const repo = io.env.GITHUB_REPOSITORY ? parseRepo(io.env.GITHUB_REPOSITORY) : undefined;
  return {
    wants: (c) => c.kind === 'Integration' && rolloutOf(c)?.strategy === 'canary',
    run: async (c) => {
      const config = canaryConfig(rolloutOf(c) ?? {});
      io.stderr.write(`canary ${c.kind}/${c.name}: steps ${config.steps.join('/')}%, window ${config.windowMs / 1000}s, max error rate ${config.maxErrorRate}\n`);
      let detail: string | undefined;
      const state = await runCanary({
        config,
        target: deliveryCanaryTarget(lever, c.name, c.after!.spec),
        pollMs: Math.max(200, Math.min(5000, Math.floor(config.windowMs / 4))),
        onDecision: (d) => {
          if (d.type === 'advance') io.stderr.write(`canary ${c.kind}/${c.name}: ${d.weight}%\n`);
        },
        onRollback: async (d) => {
          detail = `error rate ${(d.errorRate * 100).toFixed(1)}% > ${(d.maxErrorRate * 100).toFixed(1)}% at ${d.weight}%`;
          if (!repo || !io.env.GITHUB_TOKEN || !plan.commit) return;
          const octokit = createGitHubClient({ token: io.env.GITHUB_TOKEN, baseUrl: io.env.GITHUB_API_URL });
          // The rollback has happened; a GitHub failure must not hide it or the rest of the apply report.
          const incident = await openRollbackIncident(octokit, {
            ...repo,
            resource: `${c.kind}/${c.name}`,
            commit: plan.commit,
            base: io.env.GITHUB_REF_NAME || 'main',
            errorRate: d.errorRate,
            maxErrorRate: d.maxErrorRate,
            weight: d.weight,
            files: await filesBeforeCommit(dir, plan.commit),
          }).catch((error: unknown) => error as Error);
          detail += incident instanceof Error ? `; opening the incident on GitHub failed: ${incident.message}` : `; incident ${incident.issue.url}, revert ${incident.pullRequest.url}`;
        },
      });
      return { promoted: state.phase === 'promoted', detail };
    },
    finish: (c) => lever.clearCanary(c.name).catch(() => undefined),
  };
}

/** Applies `plan` and prints the per-resource report; returns the exit code. Shared with reconcile. */
export async function applyAndReport(io: CliIO, api: RuntimeApi, plan: Plan, dir: string, opts: ApplyCliOptions, quiet = false): Promise<{ code: number; report: ApplyReport }> {
  const git = plan.commit ? await readGitInfo(dir, plan.commit).catch(() => null) : null;
  const ttl = opts.leaseTtl === undefined ? 30 : Number(opts.leaseTtl);
  let report: ApplyReport;
  try {
    report = await applyPlan(plan, api, {
      holder: `interlock apply (${hostname()} pid ${process.pid})`,
      leaseTtlSeconds: Number.isFinite(ttl) && ttl > 0 ? ttl : 30,
      commit: plan.commit,
      author: git?.author,
      guard: guardOptions(opts),
      canary: canaryRunner(io, opts, plan, dir),
      onProgress: quiet ? undefined : progressReporter(io),
    });
  } catch (error) {
    throw runtimeFatal(error, 'the apply');
  }
  if (!quiet) {
    if (opts.format === 'json') io.stdout.write(renderApplyJson(report));
    else {
      io.stdout.write(renderApplyText(report));
      // A refusal's reason leads the text report; other diagnostics follow it, located.
      if (report.diagnostics.length && report.status !== 'refused') printDiagnostics(io, 'text', report.diagnostics);
    }
  }
  return { code: report.status === 'applied' ? EXIT.ok : EXIT.findings, report };
}

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
      // A plan file holds the onboarding gate too: the workspace it came from must pass it.
      const { model } = await loadModel(dir);
      const enable = await enableGate(model, new Date());
      if (!enable.allowed) {
        printDiagnostics(ctx.io, opts.format, enable.diagnostics);
        ctx.exit(EXIT.findings);
        return;
      }
    } else {
      const result = await planWorkspace(ctx.io, dir, await fetchState(api), opts, undefined, { enforceOnboarding: true });
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
