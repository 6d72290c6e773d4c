import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { hasErrors, type Diagnostic } from '../../core/diagnostic.js';
import { UsageError } from '../../core/errors.js';
import { checkWorkspaceCompat, type ContractCompat } from '../../compat/workspace-compat.js';
import { compareGenerated, generateAdapters, generatedInWorkspace, staleDiagnostics, type GeneratedDrift } from '../../generate/index.js';
import { approvalsAdded, verifyApprovals } from '../../github/approvals.js';
import { createGitHubClient } from '../../github/client.js';
import { resolvePullRequestTarget } from '../../github/pull-request-target.js';
import { runPolicies } from '../../policy/index.js';
import { checkedCounts } from '../../validate/index.js';
import { changeMessage } from '../../report/compat-change-message.js';
import { compatDiagnostics } from '../../report/compat-diagnostics.js';
import { emptyGateReport, withRuleDocs, type ContractChanges, type GateReport } from '../../report/gate-report.js';
import { renderSarif } from '../../report/sarif.js';
import type { RegisterCommand } from '../context.js';
import { EXIT, type CliIO } from '../io.js';
import { loadModel, type LoadedModel } from '../../engine/load-workspace.js';
import { VERSION } from '../version.js';
import { workspaceDir } from '../options.js';
import { printDiagnostics } from '../render.js';

interface CheckOptions {
  format: string;
  cwd?: string;
  base?: string;
  now?: string;
  author?: string;
  verifyApprovals?: string;
}

/**
 * `interlock check`: the CI gate. Validation of the working tree; with `--base`, compatibility of every
 * contract that changed since that revision (announcements and usage applied); governance policy; the
 * staleness of committed generated adapters; and, with `--verify-approvals github`, that approvals added in the pull request are backed by reviews.
 */
export const registerCheck: RegisterCommand = (program, ctx) => {
  const cmd = new Command('check')
    .description('The CI gate: validate, contract compatibility against --base, and governance policy')
    .option('--base <ref>', 'git revision to compare contracts against (e.g. origin/main)')
    .option('--now <date>', 'judge dates (sunsets, expiries) as of this day instead of today')
    .option('--author <login>', 'GitHub login of the change author (nobody approves their own change)')
    .addOption(new Option('--verify-approvals <source>', 'check approvals added in the pull request against its reviews').choices(['github']))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .option('--cwd <dir>', 'workspace directory (default: the current directory)');
  cmd.action(async (opts: CheckOptions) => {
    const report = await runCheck(ctx.io, opts);
    const failed = hasErrors(report.diagnostics);
    if (opts.format === 'json') {
      ctx.io.stdout.write(JSON.stringify({ ...withRuleDocs(report.gate), checked: checkedCounts(report.head.model), failed }, null, 2) + '\n');
    } else if (opts.format === 'sarif') {
      ctx.io.stdout.write(JSON.stringify(renderSarif(report.gate, { toolVersion: VERSION }), null, 2) + '\n');
    } else {
      printDiagnostics(ctx.io, 'text', report.diagnostics, (file) => report.head.sourceText(file) ?? report.base?.sourceText(file));
      for (const c of report.compat) {
        ctx.io.stdout.write(`contract ${c.contract} ${c.baseVersion} -> ${c.headVersion}: ${countLevels(c)}\n`);
      }
      ctx.io.stdout.write(`${checkedSummary(report, opts)}\n`);
    }
    ctx.exit(failed ? EXIT.findings : EXIT.ok);
  });
  program.addCommand(cmd);
};

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What the gate looked at, so a clean run says more than "no problems". */
function checkedSummary(run: CheckRun, opts: CheckOptions): string {
  const m = run.head.model;
  const parts = [count(m.vendors.size, 'vendor'), count(m.integrations.size, 'integration'), count(m.contracts.size, 'contract'), count(m.dataContracts.size, 'data contract'), count(m.policies.length, 'policy', 'policies')];
  const compared = opts.base ? `; ${count(run.compat.length, 'changed contract')} compared with ${opts.base}` : '';
  const approvals = opts.verifyApprovals ? `; approvals verified against ${opts.verifyApprovals} reviews` : '';
  return `Checked ${parts.join(', ')} (schemas, references, secrets, policy${generatedInWorkspace(m.workspace.files).size ? ', generated adapters' : ''})${compared}${approvals}.`;
}

interface CheckRun {
  head: LoadedModel;
  base?: LoadedModel;
  diagnostics: Diagnostic[];
  compat: ContractCompat[];
  gate: GateReport;
}

async function runCheck(io: CliIO, opts: CheckOptions): Promise<CheckRun> {
  const dir = workspaceDir(io, opts);
  const now = opts.now ? parseDate(opts.now) : new Date();
  const head = await loadModel(dir);
  const diagnostics: Diagnostic[] = [...head.diagnostics];
  let base: LoadedModel | undefined;
  let compat: ContractCompat[] = [];
  if (opts.base) {
    base = await loadModel(dir, opts.base);
    const compared = await checkWorkspaceCompat({ base: base.model, head: head.model, now });
    compat = compared.value;
    diagnostics.push(...compared.diagnostics, ...compatDiagnostics(compat));
  }
  let author = opts.author;
  if (opts.verifyApprovals === 'github') {
    const verified = await verifyPullRequestApprovals(io, base, head);
    author ??= verified.author;
    diagnostics.push(...verified.diagnostics);
  }
  const policy = await runPolicies(head.model, { now, ...(author ? { author } : {}) });
  diagnostics.push(...policy.diagnostics);
  const drift = hasErrors(head.diagnostics) ? undefined : staleGenerated(head);
  if (drift) diagnostics.push(...staleDiagnostics(head.model, drift));
  const gate = emptyGateReport();
  gate.stale = drift ? [...drift.missing, ...drift.stale, ...drift.extra].sort() : [];
  if (opts.base) gate.base = opts.base;
  // Compat findings tied to a contract change travel in `contracts`, stale adapters in `stale`; the rest
  // (e.g. an operation document that no longer validates against the head schema) stay diagnostics.
  gate.diagnostics = diagnostics.filter((d) => (!d.code.startsWith('compat/') || d.data?.rule === undefined) && d.code !== 'generate/stale');
  gate.contracts = compat.map(toContractChanges(head));
  return { head, base, diagnostics, compat, gate };
}

/**
 * `generate --check` as a stage of the gate: what `interlock generate` would write, against generated/.
 * A workspace without generated/ does not commit adapters, and is not checked.
 */
function staleGenerated(head: LoadedModel): GeneratedDrift | undefined {
  const committed = generatedInWorkspace(head.model.workspace.files);
  if (committed.size === 0) return undefined;
  const generated = generateAdapters(head.model);
  if (hasErrors(generated.diagnostics)) return undefined;
  return compareGenerated(generated.value.files, committed);
}

function toContractChanges(head: LoadedModel) {
  return (c: ContractCompat): ContractChanges => {
    const api = head.model.apis.get(c.contract);
    return {
      contract: c.contract,
      file: c.file ?? api?.file ?? c.contract,
      // The gate report carries the rendered sentence; the facts behind it (`data`) stay in the library.
      changes: c.changes.map((change) => {
        const { data: _facts, ...shown } = change;
        return { ...shown, message: changeMessage(change), ...(change.status === 'announced' ? { announced: true } : {}) };
      }),
    };
  };
}

async function verifyPullRequestApprovals(io: CliIO, base: LoadedModel | undefined, head: LoadedModel): Promise<{ author?: string; diagnostics: Diagnostic[] }> {
  const token = io.env.GITHUB_TOKEN;
  if (!token) throw new UsageError('--verify-approvals github needs GITHUB_TOKEN');
  if (!base) throw new UsageError('--verify-approvals github needs --base, to know which approvals the pull request adds');
  const event = io.env.GITHUB_EVENT_PATH ? (JSON.parse(await readFile(io.env.GITHUB_EVENT_PATH, 'utf8')) as unknown) : undefined;
  const resolved = resolvePullRequestTarget({}, io.env, event);
  if (!resolved.target) throw new UsageError(`--verify-approvals github: ${resolved.problems.join('; ')}`);
  const octokit = createGitHubClient({ token, ...(io.env.GITHUB_API_URL ? { baseUrl: io.env.GITHUB_API_URL } : {}) });
  const added = approvalsAdded(base.model, head.model);
  const result = await verifyApprovals({ octokit, owner: resolved.target.owner, repo: resolved.target.repo, pull: resolved.target.pullNumber, added });
  return { author: result.value.author || undefined, diagnostics: result.diagnostics };
}

function countLevels(c: ContractCompat): string {
  const counts = { breaking: 0, warning: 0, info: 0 };
  for (const change of c.changes) counts[change.level]++;
  return `${counts.breaking} breaking, ${counts.warning} warning, ${counts.info} info`;
}

export function parseDate(value: string): Date {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--now expects a date such as 2026-11-22, not '${value}'`);
  return date;
}
