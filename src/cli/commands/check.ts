import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import { FatalError, UsageError } from '../../core/errors.js';
import { runGate, type ApprovalsPort, type GateOptions } from '../../engine/run-gate.js';
import { approvalsAdded, verifyApprovals } from '../../github/approvals.js';
import { createGitHubClient } from '../../github/client.js';
import { resolvePullRequestTarget } from '../../github/pull-request-target.js';
import { compatDiagnostics } from '../../report/compat-diagnostics.js';
import { publishedGateReport } from '../../report/gate-report.js';
import { renderGateSummary } from '../../report/gate-text.js';
import { renderSarif } from '../../report/sarif.js';
import type { RegisterCommand } from '../context.js';
import { EXIT, type CliIO } from '../io.js';
import { workspaceDir } from '../options.js';
import { printDiagnostics } from '../render.js';
import { fetchState, guardOptions, runtimeApi, withGuardOption, withRuntimeOptions, workspaceId, type RuntimeOptions } from '../runtime-options.js';
import { VERSION } from '../version.js';

interface CheckOptions extends RuntimeOptions {
  base?: string;
  now?: string;
  author?: string;
  verifyApprovals?: string;
  codeowners?: string | boolean;
  pathPrefix?: string;
  plan?: boolean;
  planOut?: string;
  report?: string;
}

/**
 * `interlock check`: the CI gate, one `runGate` run. Validation of the working tree; with `--base`,
 * compatibility of every contract that changed since that revision and (`--verify-approvals github`)
 * approvals backed by reviews; governance policy; generated-adapter staleness; with `--codeowners`,
 * CODEOWNERS staleness; with `--plan`, the plan against the runtime.
 */
export const registerCheck: RegisterCommand = (program, ctx) => {
  const cmd = new Command('check')
    .description('The CI gate: validate, contract compatibility against --base, governance policy, generated adapters, CODEOWNERS and the plan')
    .option('--base <ref>', 'git revision to compare contracts against (e.g. origin/main)')
    .option('--now <date>', 'judge dates (sunsets, expiries) as of this day instead of today')
    .option('--author <login>', 'GitHub login of the change author (nobody approves their own change)')
    .addOption(new Option('--verify-approvals <source>', 'check approvals added in the pull request against its reviews').choices(['github']))
    .option('--codeowners [file]', 'check that CODEOWNERS (default .github/CODEOWNERS, relative to the workspace) matches the workspace')
    .option('--path-prefix <dir>', "with --codeowners: the workspace's folder in the repository, when not the root")
    .option('--plan', 'plan the working tree against the runtime (--runtime, INTERLOCK_TOKEN)')
    .option('--plan-out <file>', 'with --plan: save the plan (versioned JSON) for `interlock apply FILE`')
    .option('--report <file>', 'also write the whole gate report (JSON) for `interlock report github|markdown|sarif`')
    .addOption(new Option('--format <format>', 'output format (json: the gate report)').choices(['text', 'json', 'sarif']).default('text'))
    .option('--cwd <dir>', 'workspace directory (default: the current directory)');
  withGuardOption(withRuntimeOptions(cmd));
  cmd.action(async (opts: CheckOptions) => {
    const run = await runGate(await gateOptions(ctx.io, opts));
    const report = publishedGateReport(run.report);
    const json = JSON.stringify(report, null, 2) + '\n';
    if (opts.report) await writeFile(path.resolve(ctx.io.cwd, opts.report), json);
    if (opts.planOut && run.plan) await writeFile(path.resolve(ctx.io.cwd, opts.planOut), JSON.stringify(run.plan, null, 2) + '\n');
    if (opts.format === 'json') ctx.io.stdout.write(json);
    else if (opts.format === 'sarif') ctx.io.stdout.write(JSON.stringify(renderSarif(report, { toolVersion: VERSION }), null, 2) + '\n');
    else {
      printDiagnostics(ctx.io, 'text', [...run.diagnostics, ...compatDiagnostics(run.compat)], run.sourceText);
      ctx.io.stdout.write(renderGateSummary(report));
    }
    ctx.exit(run.report.failed ? EXIT.findings : EXIT.ok);
  });
  program.addCommand(cmd);
};

async function gateOptions(io: CliIO, opts: CheckOptions): Promise<GateOptions> {
  if (opts.planOut && !opts.plan) throw new UsageError('--plan-out goes with --plan');
  if (opts.verifyApprovals === 'github' && !opts.base) throw new UsageError('--verify-approvals github needs --base, to know which approvals the pull request adds');
  const dir = workspaceDir(io, opts);
  return {
    dir,
    now: opts.now ? parseDate(opts.now) : new Date(),
    ...(opts.base ? { base: opts.base } : {}),
    ...(opts.author ? { author: opts.author } : {}),
    ...(opts.verifyApprovals === 'github' ? { approvals: await githubApprovals(io) } : {}),
    ...(opts.codeowners ? { codeowners: { file: typeof opts.codeowners === 'string' ? opts.codeowners : '.github/CODEOWNERS', ...(opts.pathPrefix ? { pathPrefix: opts.pathPrefix } : {}) } } : {}),
    ...(opts.plan ? { plan: await planAgainstRuntime(io, opts) } : {}),
  };
}

/** The runtime's state to plan against; a runtime that cannot be read is a finding of the gate, not a crash of it. */
async function planAgainstRuntime(io: CliIO, opts: CheckOptions): Promise<NonNullable<GateOptions['plan']>> {
  const guard = guardOptions(opts);
  try {
    return { state: await fetchState(runtimeApi(io, opts)), workspaceId: workspaceId(io, opts), guard };
  } catch (error) {
    if (error instanceof FatalError) return { unavailable: error.message };
    throw error;
  }
}

/** Approvals added by the pull request, checked against its reviews on GitHub. */
async function githubApprovals(io: CliIO): Promise<ApprovalsPort> {
  const token = io.env.GITHUB_TOKEN;
  if (!token) throw new UsageError('--verify-approvals github needs GITHUB_TOKEN');
  const event = io.env.GITHUB_EVENT_PATH ? (JSON.parse(await readFile(io.env.GITHUB_EVENT_PATH, 'utf8')) as unknown) : undefined;
  const resolved = resolvePullRequestTarget({}, io.env, event);
  if (!resolved.target) throw new UsageError(`--verify-approvals github: ${resolved.problems.join('; ')}`);
  const target = resolved.target;
  const octokit = createGitHubClient({ token, ...(io.env.GITHUB_API_URL ? { baseUrl: io.env.GITHUB_API_URL } : {}) });
  return {
    source: 'github',
    async verify(base, head) {
      const result = await verifyApprovals({ octokit, owner: target.owner, repo: target.repo, pull: target.pullNumber, added: approvalsAdded(base, head) });
      return { author: result.value.author || undefined, diagnostics: result.diagnostics };
    },
  };
}

function parseDate(value: string): Date {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--now expects a date such as 2026-11-22, not '${value}'`);
  return date;
}
