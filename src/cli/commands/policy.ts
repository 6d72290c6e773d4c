import { Command } from 'commander';
import { hasErrors } from '../../core/diagnostic.js';
import { UsageError } from '../../core/errors.js';
import { runPolicies } from '../../policy/index.js';
import { checkedCounts } from '../../validate/index.js';
import type { RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { loadModel } from '../../engine/load-workspace.js';
import { withCommonOptions, workspaceDir } from '../options.js';
import { printDiagnostics } from '../render.js';

interface PolicyCommandOptions {
  format: string;
  cwd?: string;
  now?: string;
  author?: string;
}

/** `interlock policy`: validation, then the governance rules only. */
export const registerPolicy: RegisterCommand = (program, ctx) => {
  const cmd = new Command('policy')
    .description('Check governance policy: risk tiers, onboarding gate, approvals, classification, retention, residency, transport, erasure, expiries')
    .option('--now <date>', 'evaluate dates (expiries, waivers) as of this day instead of today')
    .option('--author <login>', 'author of the change, so nobody approves their own change');
  withCommonOptions(cmd).action(async (opts: PolicyCommandOptions) => {
    const now = opts.now ? parseDay(opts.now) : new Date();
    const { model, diagnostics, sourceText } = await loadModel(workspaceDir(ctx.io, opts));
    const policy = await runPolicies(model, { now, ...(opts.author ? { author: opts.author } : {}) });
    const all = [...diagnostics, ...policy.diagnostics];
    printDiagnostics(ctx.io, opts.format, all, sourceText, { resources: model.resources.length, checked: checkedCounts(model), rules: policy.value.rules, waived: policy.value.waived });
    ctx.exit(hasErrors(all) ? EXIT.findings : EXIT.ok);
  });
  program.addCommand(cmd);
};

function parseDay(value: string): Date {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--now expects a date such as 2026-11-22, not '${value}'`);
  return date;
}
