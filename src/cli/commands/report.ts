import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import type { Diagnostic } from '../../core/diagnostic.js';
import { FatalError, UsageError } from '../../core/errors.js';
import { createGitHubClient, parseRepo } from '../../github/client.js';
import { syncDriftIssue } from '../../github/drift-issue.js';
import { publishGateReport } from '../../github/publish-gate.js';
import { resolvePullRequestTarget } from '../../github/pull-request-target.js';
import { emptyGateReport, type GateReport } from '../../engine/gate-report.js';
import { parseGateReport } from '../../report/gate-report.js';
import { APPROVAL_LABEL, judgeGate } from '../../report/gate-verdict.js';
import { renderGateMarkdown } from '../../report/markdown-gate.js';
import { DRIFT_LABEL, DRIFT_MARKER, parseDriftReport, renderDriftIssue } from '../../report/markdown-drift.js';
import { renderDiagnosticsText } from '../../report/diagnostics-text.js';
import { renderSarif } from '../../report/sarif.js';
import { renderMonthlyMarkdown, renderMonthlyText } from '../../report/monthly-summary.js';
import { renderMonthlyHtml } from '../../report/monthly-summary-html.js';
import { monthRange } from '../../core/monthly-report-api.js';
import { RuntimeClient } from '../../runtime-client/client.js';
import { runtimeEndpoint } from '../../runtime-client/endpoint.js';
import { runtimeFailure } from '../runtime-failure.js';
import { describeRuleFromCatalogues } from '../../report/sarif-rules.js';
import type { CommandContext, RegisterCommand } from '../context.js';
import { EXIT, type CliIO } from '../io.js';
import { VERSION } from '../version.js';

interface InputOptions {
  input: string;
  cwd?: string;
  pathPrefix?: string;
}

function base(io: CliIO, opts: { cwd?: string }): string {
  return path.resolve(io.cwd, opts.cwd ?? '.');
}

type JsonRead = { value: unknown; problem?: undefined } | { value?: undefined; problem: Diagnostic };

/** Reads a JSON file the user named; a missing, empty or malformed file is a located diagnostic. */
function tryReadJson(io: CliIO, opts: { cwd?: string }, file: string): JsonRead {
  let text: string;
  try {
    text = readFileSync(path.resolve(base(io, opts), file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return { problem: { severity: 'error', code: 'report-input', message: `${file} cannot be read (${code}): the step that writes it did not run or failed; see the workflow log`, location: { file } } };
  }
  if (!text.trim()) {
    return { problem: { severity: 'error', code: 'report-input', message: `${file} is empty: the step that writes it failed; see the workflow log`, location: { file } } };
  }
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    const m = /position (\d+)/.exec(String(error));
    const offset = m ? Number(m[1]) : 0;
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return { problem: { severity: 'error', code: 'json-syntax', message: `${file} is not JSON: ${(error as Error).message}`, location: { file, line, column } } };
  }
}

function readJson(io: CliIO, opts: { cwd?: string }, file: string): unknown {
  const read = tryReadJson(io, opts, file);
  if (read.problem) throw new FatalError(read.problem.message, [read.problem]);
  return read.value;
}

/**
 * The gate report, plus the problems of its file. A missing or broken report (a CI step that crashed)
 * does not stop publishing: it is reported as a finding so the pull request shows it, and the command
 * exits 2 afterwards.
 */
function readReport(io: CliIO, opts: InputOptions): { report: GateReport; problems: Diagnostic[] } {
  const read = tryReadJson(io, opts, opts.input);
  const parsed = read.problem ? { value: emptyGateReport(), diagnostics: [read.problem] } : parseGateReport(read.value, opts.input);
  if (parsed.diagnostics.length) io.stderr.write(renderDiagnosticsText(parsed.diagnostics));
  return { report: parsed.value, problems: parsed.diagnostics };
}

function githubToken(io: CliIO): string {
  const token = io.env.GITHUB_TOKEN;
  if (!token) throw new UsageError('GITHUB_TOKEN is not set (in a workflow: env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }})');
  return token;
}

function readEvent(io: CliIO): unknown {
  const file = io.env.GITHUB_EVENT_PATH;
  if (!file) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new FatalError(`cannot read the event payload GITHUB_EVENT_PATH=${file}`);
  }
}

const inputOption = () => new Option('--input <file>', 'the gate report `interlock check --report FILE` wrote').makeOptionMandatory();

function registerGithub(parent: Command, ctx: CommandContext): void {
  const cmd = new Command('github')
    .description('Publish the gate on a pull request: one sticky comment, a check run with annotations')
    .addOption(inputOption())
    .option('--repo <owner/name>', 'repository (default GITHUB_REPOSITORY)')
    .option('--pr <number>', 'pull request (default: from the event in GITHUB_EVENT_PATH)')
    .option('--sha <sha>', 'head commit for the check run (default: the pull request head, else GITHUB_SHA)')
    .option('--approval-label <name>', 'label that accepts announced breaking changes', APPROVAL_LABEL)
    .option('--check-name <name>', 'check run name', 'Interlock')
    .option('--no-check-run', 'only the comment (for tokens without checks: write)')
    .option('--artifact-url <url>', 'where the full report is (default: the workflow run)')
    .option('--path-prefix <dir>', "the workspace's folder in the repository, when not the root")
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--cwd <dir>', 'directory input paths are relative to');
  cmd.action(async (opts: InputOptions & { repo?: string; pr?: string; sha?: string; approvalLabel: string; checkName: string; checkRun: boolean; artifactUrl?: string; format: string }) => {
    const { report, problems } = readReport(ctx.io, opts);
    report.diagnostics.push(...problems);
    const resolved = resolvePullRequestTarget({ repo: opts.repo, pr: opts.pr, sha: opts.sha }, ctx.io.env, readEvent(ctx.io));
    if (!resolved.target) throw new UsageError(resolved.problems.join('; '));
    const octokit = createGitHubClient({ token: githubToken(ctx.io), ...(ctx.io.env.GITHUB_API_URL ? { baseUrl: ctx.io.env.GITHUB_API_URL } : {}) });
    const result = await publishGateReport(octokit, resolved.target, report, {
      approvalLabel: opts.approvalLabel,
      checkName: opts.checkName,
      checkRun: opts.checkRun,
      ...(opts.artifactUrl ? { artifactUrl: opts.artifactUrl } : {}),
      ...(opts.pathPrefix ? { pathPrefix: opts.pathPrefix } : {}),
    });
    const v = result.verdict;
    if (opts.format === 'json') {
      ctx.io.stdout.write(
        JSON.stringify(
          {
            conclusion: v.conclusion,
            reasons: v.reasons,
            approval: v.approval,
            comment: result.comment,
            checkRun: result.checkRun ?? null,
            truncated: result.truncated,
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      const out = ctx.io.stdout;
      out.write(`Comment ${result.comment.action}: ${result.comment.url}${result.truncated ? ` (truncated to ${result.commentLength} characters)` : ''}\n`);
      if (result.checkRun) out.write(`Check run '${opts.checkName}': ${result.checkRun.annotations} annotations in ${result.checkRun.requests} requests\n`);
      out.write(v.conclusion === 'success' ? 'The gate passes.\n' : `The gate fails: ${v.reasons.join(', ')}.\n`);
    }
    ctx.exit(problems.length ? EXIT.fatal : v.conclusion === 'success' ? EXIT.ok : EXIT.findings);
  });
  parent.addCommand(cmd);
}

function registerSarif(parent: Command, ctx: CommandContext): void {
  const cmd = new Command('sarif')
    .description('Write the gate report as SARIF 2.1.0 for code scanning')
    .addOption(inputOption())
    .option('--path-prefix <dir>', "the workspace's folder in the repository, when not the root")
    .option('--docs-url <url>', 'absolute URL of the docs folder, for rule help links')
    .option('--cwd <dir>', 'directory input paths are relative to');
  cmd.action((opts: InputOptions & { docsUrl?: string }) => {
    // Input problems go to stderr, not into code scanning: they are about CI files, not the repository.
    const { report, problems } = readReport(ctx.io, opts);
    const log = renderSarif(report, {
      toolVersion: VERSION,
      describeRule: describeRuleFromCatalogues,
      ...(opts.pathPrefix ? { pathPrefix: opts.pathPrefix } : {}),
      ...(opts.docsUrl ? { docsUrl: opts.docsUrl } : {}),
    });
    ctx.io.stdout.write(JSON.stringify(log, null, 2) + '\n');
    ctx.exit(problems.length ? EXIT.fatal : EXIT.ok);
  });
  parent.addCommand(cmd);
}

function registerMarkdown(parent: Command, ctx: CommandContext): void {
  const cmd = new Command('markdown')
    .description('Print the pull-request comment (e.g. for $GITHUB_STEP_SUMMARY or a local preview)')
    .addOption(inputOption())
    .option('--label <name...>', 'labels on the pull request (the approval label accepts announced breaks)')
    .option('--cwd <dir>', 'directory input paths are relative to');
  cmd.action((opts: InputOptions & { label?: string[] }) => {
    const { report, problems } = readReport(ctx.io, opts);
    report.diagnostics.push(...problems);
    const verdict = judgeGate(report, { labels: opts.label ?? [] });
    ctx.io.stdout.write(renderGateMarkdown(report, verdict).body);
    ctx.exit(problems.length ? EXIT.fatal : verdict.conclusion === 'success' ? EXIT.ok : EXIT.findings);
  });
  parent.addCommand(cmd);
}

function registerDriftIssue(parent: Command, ctx: CommandContext): void {
  const cmd = new Command('drift-issue')
    .description('Open, update or close the one GitHub issue that tracks runtime drift')
    .requiredOption('--input <file>', 'what `interlock drift --format json` printed')
    .option('--repo <owner/name>', 'repository (default GITHUB_REPOSITORY)')
    .option('--label <name>', 'label of the drift issue', DRIFT_LABEL)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--cwd <dir>', 'directory input paths are relative to');
  cmd.action(async (opts: { input: string; repo?: string; label: string; format: string; cwd?: string }) => {
    const parsed = parseDriftReport(readJson(ctx.io, opts, opts.input), opts.input);
    if (parsed.diagnostics.length) throw new FatalError('the drift input is malformed', parsed.diagnostics);
    const fullName = opts.repo ?? ctx.io.env.GITHUB_REPOSITORY;
    const repo = fullName ? parseRepo(fullName) : undefined;
    if (!repo) throw new UsageError(fullName ? `--repo expects owner/name, not '${fullName}'` : 'the repository is unknown: pass --repo owner/name or set GITHUB_REPOSITORY');
    const env = ctx.io.env;
    const runUrl = env.GITHUB_RUN_ID ? `${(env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '')}/${repo.owner}/${repo.repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
    const text = renderDriftIssue(parsed.value, { now: new Date().toISOString(), ...(runUrl ? { runUrl } : {}) });
    const octokit = createGitHubClient({ token: githubToken(ctx.io), ...(env.GITHUB_API_URL ? { baseUrl: env.GITHUB_API_URL } : {}) });
    const result = await syncDriftIssue(octokit, { ...repo, marker: DRIFT_MARKER, label: opts.label, title: text.title, body: text.body, drifted: parsed.value.drifted });
    if (opts.format === 'json') ctx.io.stdout.write(JSON.stringify({ drifted: parsed.value.drifted, ...result }, null, 2) + '\n');
    else ctx.io.stdout.write(result.action === 'none' ? 'No drift; no drift issue open.\n' : `Drift issue #${result.number} ${result.action}: ${result.url}\n`);
    ctx.exit(EXIT.ok);
  });
  parent.addCommand(cmd);
}

/** `interlock report monthly`: the runtime's monthly summary from recorded data, as text, Markdown or JSON. */
function registerMonthly(parent: Command, ctx: CommandContext): void {
  const cmd = new Command('monthly')
    .description('The monthly summary from the runtime’s recorded data: per integration trust score trend, alerts, calls and errors, p50/p99 latency, erasures, changes; expiring vendor evidence')
    .option('--month <YYYY-MM>', 'the month (UTC); default: the month before the runtime’s current one')
    .addOption(new Option('--runtime <url>', 'runtime URL (default INTERLOCK_RUNTIME_URL, else http://127.0.0.1:7300); token from INTERLOCK_TOKEN'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'html', 'json']).default('text'));
  cmd.action(async (opts: { month?: string; runtime?: string; format: string }) => {
    if (opts.month !== undefined && !monthRange(opts.month)) throw new UsageError(`--month must be YYYY-MM (e.g. 2026-11), got '${opts.month}'`);
    const summary = await new RuntimeClient(runtimeEndpoint(opts, ctx.io.env)).monthlySummary(opts.month).catch(runtimeFailure);
    ctx.io.stdout.write(opts.format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : opts.format === 'markdown' ? renderMonthlyMarkdown(summary) : opts.format === 'html' ? renderMonthlyHtml(summary) : renderMonthlyText(summary));
    ctx.exit(EXIT.ok);
  });
  parent.addCommand(cmd);
}

/** `interlock report <target>`: publish or convert a gate report that `check` (and plan, generate) wrote. */
export const registerReport: RegisterCommand = (program, ctx) => {
  const cmd = new Command('report').description('Publish or convert the gate report (github, sarif, markdown, drift-issue), or summarise a month (monthly)');
  // Nested commands do not inherit the program's output and exit handling through addCommand.
  cmd.copyInheritedSettings(program);
  registerGithub(cmd, ctx);
  registerSarif(cmd, ctx);
  registerMarkdown(cmd, ctx);
  registerDriftIssue(cmd, ctx);
  registerMonthly(cmd, ctx);
  for (const sub of cmd.commands) sub.copyInheritedSettings(cmd);
  program.addCommand(cmd);
};
