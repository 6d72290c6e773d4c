import { hostname } from 'node:os';
import type { ApplyProgress, ApplyReport } from '../apply/apply-plan.js';
import { applyWorkspacePlan, type IncidentPort } from '../engine/apply-workspace.js';
import { createGitHubClient, parseRepo } from '../github/client.js';
import { openRollbackIncident } from '../github/incident.js';
import type { Plan } from '../plan/plan.js';
import { renderApplyJson, renderApplyText } from '../report/plan-apply-text.js';
import type { RuntimeApi } from '../apply/runtime-api.js';
import { EXIT, type CliIO } from './io.js';
import { printDiagnostics } from './render.js';
import { guardOptions, runtimeClient, runtimeFatal, type RuntimeOptions } from './runtime-options.js';

export interface ApplyCliOptions extends RuntimeOptions {
  leaseTtl?: string;
  autoApprove?: boolean;
}

/** Progress on a terminal only: one rewritten stderr line per batch. */
function progressReporter(io: CliIO): ((p: ApplyProgress) => void) | undefined {
  if (!io.stderr.isTTY) return undefined;
  return (p) => io.stderr.write(`\rapplying: batch ${p.batch}/${p.batches}, ${p.done}/${p.total} changes${p.done === p.total ? '\n' : ''}`);
}

/**
 * GitHub as the incident port when GITHUB_TOKEN and GITHUB_REPOSITORY are set (GITHUB_API_URL for another
 * API root): an incident issue and a revert pull request against GITHUB_REF_NAME (default main).
 */
function githubIncidents(io: CliIO): IncidentPort | undefined {
  const repo = io.env.GITHUB_REPOSITORY ? parseRepo(io.env.GITHUB_REPOSITORY) : undefined;
  const token = io.env.GITHUB_TOKEN;
  if (!repo || !token) return undefined;
  return {
    async openRollbackIncident(incident) {
      const octokit = createGitHubClient({ token, baseUrl: io.env.GITHUB_API_URL });
      const opened = await openRollbackIncident(octokit, { ...repo, ...incident, base: io.env.GITHUB_REF_NAME || 'main' });
      return { issueUrl: opened.issue.url, pullRequestUrl: opened.pullRequest.url };
    },
  };
}

/** Applies `plan` and prints the per-resource report; returns the exit code. Used by apply and reconcile. */
export async function applyAndReport(io: CliIO, api: RuntimeApi, plan: Plan, dir: string, opts: ApplyCliOptions, quiet = false): Promise<{ code: number; report: ApplyReport }> {
  const ttl = opts.leaseTtl === undefined ? 30 : Number(opts.leaseTtl);
  let report: ApplyReport;
  try {
    report = await applyWorkspacePlan({
      plan,
      api,
      dir,
      lever: runtimeClient(io, opts),
      incidents: githubIncidents(io),
      holder: `interlock apply (${hostname()} pid ${process.pid})`,
      leaseTtlSeconds: Number.isFinite(ttl) && ttl > 0 ? ttl : 30,
      guard: guardOptions(opts),
      onProgress: quiet ? undefined : progressReporter(io),
      onCanary: (e) => {
        if (e.type === 'start') io.stderr.write(`canary ${e.resource}: steps ${e.config.steps.join('/')}%, window ${e.config.windowMs / 1000}s, max error rate ${e.config.maxErrorRate}\n`);
        else io.stderr.write(`canary ${e.resource}: ${e.weight}%\n`);
      },
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
