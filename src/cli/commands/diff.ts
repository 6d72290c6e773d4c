import { realpathSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import type { Diagnostic } from '../../core/diagnostic.js';
import { FatalError, UsageError } from '../../core/errors.js';
import { DEFAULT_MAX_FILE_BYTES } from '../../load/file-source.js';
import { readUserFile } from '../../load/read-file.js';
import { atLeast, type Level } from '../../compat/change.js';
import { diffContracts } from '../../compat/diff-contracts.js';
import { parseOpenApiText } from '../../contract/contract-text.js';
import type { CompatibilityMode } from '../../compat/openapi/compat-mode.js';
import { buildDiffReport } from '../../report/compat-diff/diff-report.js';
import { renderDiffGithubActions } from '../../report/compat-diff/diff-githubactions.js';
import { renderDiffJson } from '../../report/compat-diff/diff-json.js';
import { renderDiffMarkdown } from '../../report/compat-diff/diff-markdown.js';
import { renderDiffText } from '../../report/compat-diff/diff-text.js';
import { renderDiagnosticsText } from '../../report/diagnostics-text.js';
import type { RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';

/** Reads a contract file: only a regular file, bounded in size, text. */
function readContract(abs: string, shown: string, maxBytes: number): string {
  return readUserFile(abs, shown, maxBytes);
}

/** The path with every symlink resolved; a path that does not exist stays as given (reading it fails later). */
function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function parseNow(value: string | undefined): Date {
  if (value === undefined) {
    const today = new Date();
    return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()));
  }
  if (!/^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value) || Number.isNaN(new Date(value).getTime())) throw new UsageError(`--now must be a date (YYYY-MM-DD), got '${value}'`);
  return new Date(value);
}

export const registerDiff: RegisterCommand = (program, ctx) => {
  const cmd = new Command('diff')
    .description('Compare two contract files (OpenAPI 2.0/3.0/3.1 or GraphQL SDL) and report breaking changes')
    .argument('<base>', 'the old contract file')
    .argument('<head>', 'the new contract file')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown', 'githubactions']).default('text'))
    .addOption(new Option('--level <level>', 'show changes at or above this level (counts always include every change)').choices(['breaking', 'warning', 'info']).default('info'))
    .addOption(new Option('--fail-on <level>', 'exit 1 when a change at or above this level is found').choices(['breaking', 'warning', 'none']).default('breaking'))
    .addOption(new Option('--compatibility <mode>', 'backward: old clients keep working; forward: new clients work with the old version; full: both').choices(['backward', 'forward', 'full']).default('backward'))
    .option('--now <date>', 'the date sunsets are judged against (default: today)')
    .option('--cwd <dir>', 'directory the file arguments are relative to');
  cmd.action(async (baseArg: string, headArg: string, opts: { format: string; level: Level; failOn: string; compatibility: CompatibilityMode; now?: string; cwd?: string }) => {
    const now = parseNow(opts.now);
    const cwd = path.resolve(ctx.io.cwd, opts.cwd ?? '.');
    const shown = (p: string) => path.relative(cwd, path.resolve(cwd, p)).split(path.sep).join('/') || p;
    const base = { file: shown(baseArg), text: readContract(path.resolve(cwd, baseArg), shown(baseArg), DEFAULT_MAX_FILE_BYTES) };
    const head = { file: shown(headArg), text: readContract(path.resolve(cwd, headArg), shown(headArg), DEFAULT_MAX_FILE_BYTES) };
    const texts = new Map<string, string>([[base.file, base.text], [head.file, head.text]]);
    // $refs may name files next to the spec (or below), never outside its folder and never URLs.
    // Confinement is judged on real paths: a symlink inside the folder must not lead out of it.
    const roots = [baseArg, headArg].map((a) => realPath(path.dirname(path.resolve(cwd, a))));
    const readRef = (file: string) => {
      const abs = realPath(path.resolve(cwd, file));
      if (!roots.some((r) => abs === r || abs.startsWith(r + path.sep))) return { diagnostics: [{ severity: 'error' as const, code: 'ref-outside-workspace', message: `'${file}' is outside the contract's folder` }] };
      try {
        const text = readContract(abs, file, DEFAULT_MAX_FILE_BYTES);
        texts.set(file, text);
        return parseOpenApiText(file, text);
      } catch (error) {
        return { diagnostics: error instanceof FatalError && error.diagnostics.length ? error.diagnostics : [{ severity: 'error' as const, code: 'ref-unresolved', message: `cannot read '${file}'` }] };
      }
    };
    const result = await diffContracts(base, head, { now, readRef, mode: opts.compatibility });
    const errors = result.diagnostics.filter((d: Diagnostic) => d.severity === 'error');
    if (!result.value || errors.length) {
      throw new FatalError('The contracts could not be compared', result.diagnostics);
    }
    // Warnings (e.g. a field defined twice in published SDL) go to stderr; stdout stays the report.
    if (result.diagnostics.length) ctx.io.stderr.write(renderDiagnosticsText(result.diagnostics, { codeframes: false }));
    const { changes } = result.value;
    const report = buildDiffReport(result.value.base, result.value.head, changes, opts.level);
    const fullReport = `interlock diff ${baseArg} ${headArg} --format json`;
    const text =
      opts.format === 'json' ? renderDiffJson(report) : opts.format === 'markdown' ? renderDiffMarkdown(report, { fullReport }) : opts.format === 'githubactions' ? renderDiffGithubActions(report) : renderDiffText(report);
    ctx.io.stdout.write(text);
    const floor = opts.failOn as Level | 'none';
    ctx.exit(floor !== 'none' && changes.some((c) => atLeast(c.level, floor)) ? EXIT.findings : EXIT.ok);
  });
  program.addCommand(cmd);
};
