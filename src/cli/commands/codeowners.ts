import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { hasErrors } from '../../core/diagnostic.js';
import { computeCodeowners, diffCodeowners, mergeCodeowners, renderCodeownersBlock } from '../../policy/codeowners.js';
import type { RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { loadModel } from '../../engine/load-workspace.js';
import { workspaceDir } from '../options.js';
import { printDiagnostics } from '../render.js';

interface CodeownersOptions {
  check?: boolean;
  file: string;
  pathPrefix?: string;
  vendorRiskRole: string;
  privacyRole: string;
  format: string;
  cwd?: string;
}

/** `interlock codeowners [--check]`: the generated block of .github/CODEOWNERS, from the workspace. */
export const registerCodeowners: RegisterCommand = (program, ctx) => {
  const cmd = new Command('codeowners')
    .description('Write (or --check) the CODEOWNERS entries that route vendor-risk and privacy reviews')
    .option('--check', 'exit 1 and list the differences instead of writing')
    .option('--file <path>', 'the CODEOWNERS file, relative to the workspace', '.github/CODEOWNERS')
    .option('--path-prefix <dir>', "the workspace's folder in the repository, when not the root")
    .option('--vendor-risk-role <role>', 'access role of the vendor-risk reviewers', 'vendor-risk')
    .option('--privacy-role <role>', 'access role of the privacy reviewers', 'privacy')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--cwd <dir>', 'workspace directory (default: the current directory)');
  cmd.action(async (opts: CodeownersOptions) => {
    const dir = workspaceDir(ctx.io, opts);
    const { model, diagnostics, sourceText } = await loadModel(dir);
    if (hasErrors(diagnostics)) {
      // Entries from a half-valid workspace would silently drop owners.
      printDiagnostics(ctx.io, opts.format, diagnostics, sourceText);
      ctx.exit(EXIT.findings);
      return;
    }
    const computed = computeCodeowners(model, {
      roles: { vendorRisk: opts.vendorRiskRole, privacy: opts.privacyRole },
      ...(opts.pathPrefix ? { pathPrefix: opts.pathPrefix } : {}),
    });
    const block = renderCodeownersBlock(computed.value);
    const file = path.resolve(dir, opts.file);
    const existing = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    const merged = mergeCodeowners(existing, block);
    const upToDate = existing === merged;
    if (opts.check) {
      const diff = diffCodeowners(existing, block);
      if (opts.format === 'json') {
        // `stale` lets `interlock report` show an out-of-date CODEOWNERS like a stale generated file.
        ctx.io.stdout.write(JSON.stringify({ upToDate, file: opts.file, stale: upToDate ? [] : [opts.file], ...diff, entries: computed.value, diagnostics: computed.diagnostics }, null, 2) + '\n');
      } else if (upToDate) {
        ctx.io.stdout.write(`${opts.file} is up to date (${computed.value.length} generated entries).\n`);
      } else {
        ctx.io.stdout.write(existing === undefined ? `${opts.file} does not exist.\n` : `${opts.file} differs from the workspace:\n`);
        for (const line of diff.missing) ctx.io.stdout.write(`+ ${line}\n`);
        for (const line of diff.unexpected) ctx.io.stdout.write(`- ${line}\n`);
        if (existing !== undefined && !diff.missing.length && !diff.unexpected.length) ctx.io.stdout.write('  (same lines, different order or comments)\n');
        ctx.io.stdout.write('Run `interlock codeowners` and commit the result.\n');
      }
      if (opts.format !== 'json' && computed.diagnostics.length) printDiagnostics(ctx.io, 'text', computed.diagnostics, sourceText);
      ctx.exit(upToDate ? EXIT.ok : EXIT.findings);
      return;
    }
    if (!upToDate) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, merged);
    }
    if (opts.format === 'json') {
      ctx.io.stdout.write(JSON.stringify({ written: !upToDate, file: opts.file, entries: computed.value, diagnostics: computed.diagnostics }, null, 2) + '\n');
    } else {
      ctx.io.stdout.write(upToDate ? `${opts.file} is up to date (${computed.value.length} generated entries).\n` : `Wrote ${opts.file} (${computed.value.length} generated entries).\n`);
      if (computed.diagnostics.length) printDiagnostics(ctx.io, 'text', computed.diagnostics, sourceText);
    }
    ctx.exit(EXIT.ok);
  });
  program.addCommand(cmd);
};
