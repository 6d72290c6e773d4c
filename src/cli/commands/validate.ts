import { Command } from 'commander';
import { hasErrors } from '../../core/diagnostic.js';
import type { RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { checkedCounts } from '../../validate/index.js';
import { loadModel } from '../../engine/load-workspace.js';
import { withCommonOptions, workspaceDir } from '../options.js';
import { printDiagnostics } from '../render.js';

export const registerValidate: RegisterCommand = (program, ctx) => {
  const cmd = new Command('validate')
    .description('Check every manifest against its schema, secrets and cross-references')
    .option('--revision <rev>', 'validate a git revision instead of the working tree');
  withCommonOptions(cmd).action(async (opts: { format: string; cwd?: string; revision?: string }) => {
    const { model, diagnostics, sourceText } = await loadModel(workspaceDir(ctx.io, opts), opts.revision);
    printDiagnostics(ctx.io, opts.format, diagnostics, sourceText, {
      resources: model.resources.length,
      checked: checkedCounts(model),
    });
    ctx.exit(hasErrors(diagnostics) ? EXIT.findings : EXIT.ok);
  });
  program.addCommand(cmd);
};
