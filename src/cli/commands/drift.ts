import { Command } from 'commander';
import { hasErrors } from '../../core/diagnostic.js';
import { planWorkspace } from '../../engine/plan-workspace.js';
import type { Plan } from '../../plan/plan.js';
import { renderDriftText } from '../../report/plan-drift-text.js';
import type { RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { withCommonOptions, workspaceDir } from '../options.js';
import { printDiagnostics } from '../render.js';
import { fetchState, guardOptions, runtimeApi, withRuntimeOptions, workspaceId, type RuntimeOptions } from '../runtime-options.js';

/** Guard findings are about deletes a plan would make; drift only reports, so they do not apply. */
const GUARD_CODES = new Set(['plan/deletion-guard', 'plan/empty-desired-state']);

export const registerDrift: RegisterCommand = (program, ctx) => {
  const cmd = new Command('drift').description('Report out-of-band changes: the runtime against the commit it last applied (exit 1 on drift)');
  withRuntimeOptions(cmd);
  withCommonOptions(cmd, ['text', 'json']);
  cmd.action(async (opts: RuntimeOptions) => {
    const dir = workspaceDir(ctx.io, opts);
    const state = await fetchState(runtimeApi(ctx.io, opts));
    if (!state.commit) {
      if (opts.format === 'json') ctx.io.stdout.write(JSON.stringify({ drift: false, commit: null, runtimeRevision: state.revision, changes: [] }, null, 2) + '\n');
      else ctx.io.stdout.write(`The runtime records no applied commit (revision ${state.revision}); there is nothing to compare against.\n`);
      ctx.exit(EXIT.ok);
      return;
    }
    const result = await planWorkspace({ dir, state, workspaceId: workspaceId(ctx.io, opts), guard: guardOptions(opts), revision: state.commit });
    const diagnostics = result.diagnostics.filter((d) => !GUARD_CODES.has(d.code));
    if (!result.plan || hasErrors(diagnostics)) {
      printDiagnostics(ctx.io, opts.format, diagnostics, result.sourceText);
      ctx.exit(EXIT.findings);
      return;
    }
    const plan: Plan = result.plan;
    const changes = plan.changes.filter((c) => c.action !== 'noop');
    if (opts.format === 'json') {
      ctx.io.stdout.write(JSON.stringify({ drift: changes.length > 0, commit: state.commit, runtimeRevision: state.revision, changes }, null, 2) + '\n');
    } else {
      ctx.io.stdout.write(renderDriftText(plan));
    }
    ctx.exit(changes.length ? EXIT.findings : EXIT.ok);
  });
  program.addCommand(cmd);
};
