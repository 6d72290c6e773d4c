import { mkdir, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { hasErrors, type Diagnostic } from '../../core/diagnostic.js';
import { compareGenerated, generateAdapters, generatedInWorkspace, staleAdapters, staleDiagnostics, type GeneratedDrift } from '../../generate/index.js';
import type { WorkspaceFile } from '../../load/index.js';
import type { RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { loadModel } from '../../engine/load-workspace.js';
import { withCommonOptions, workspaceDir } from '../options.js';
import { printDiagnostics } from '../render.js';

const OUT_DIR = 'generated';

export const registerGenerate: RegisterCommand = (program, ctx) => {
  const cmd = new Command('generate')
    .description('Write typed adapters for every integration into generated/ (with --check: fail when generated/ is stale)')
    .option('--check', 'write nothing; exit 1 and list missing, stale and extra files when generated/ differs');
  withCommonOptions(cmd).action(async (opts: { format: string; cwd?: string; check?: boolean }) => {
    const dir = workspaceDir(ctx.io, opts);
    const { model, diagnostics, sourceText } = await loadModel(dir);
    if (hasErrors(diagnostics)) {
      // Generating from a half-valid workspace would delete the adapters of the broken integrations.
      printDiagnostics(ctx.io, opts.format, diagnostics, sourceText, { generated: null });
      ctx.exit(EXIT.findings);
      return;
    }
    const generated = generateAdapters(model);
    const all: Diagnostic[] = [...diagnostics, ...generated.diagnostics];
    if (hasErrors(generated.diagnostics)) {
      printDiagnostics(ctx.io, opts.format, all, sourceText, { generated: null });
      ctx.exit(EXIT.findings);
      return;
    }
    const files = generated.value.files;
    const drift = compareGenerated(files, generatedInWorkspace(model.workspace.files));
    const clean = drift.missing.length + drift.stale.length + drift.extra.length === 0;
    if (!opts.check && !clean) await writeGenerated(dir, files, drift);
    // With --check, each adapter that differs is one finding on its integration, naming its files.
    if (opts.check && !clean) all.push(...staleDiagnostics(model, drift));
    const summary = {
      check: Boolean(opts.check),
      upToDate: clean,
      adapters: generated.value.adapters,
      files: files.size,
      overriddenTemplates: generated.value.overriddenTemplates,
      ...drift,
    };
    if (opts.format === 'json') {
      printDiagnostics(ctx.io, 'json', all, sourceText, { generated: summary });
    } else {
      if (all.length) printDiagnostics(ctx.io, 'text', all, sourceText);
      ctx.io.stdout.write(textSummary(Boolean(opts.check), clean, drift, files.size, generated.value.adapters.length));
    }
    ctx.exit(opts.check && !clean ? EXIT.findings : EXIT.ok);
  });
  program.addCommand(cmd);
};

function textSummary(check: boolean, clean: boolean, drift: GeneratedDrift, files: number, adapters: number): string {
  const lines: string[] = [];
  const list = (label: string, paths: string[]) => paths.forEach((p) => lines.push(`  ${label} ${p}`));
  if (check && !clean) {
    const differ = staleAdapters(drift).length;
    lines.push(`${OUT_DIR}/ is out of date: ${differ} ${differ === 1 ? 'adapter differs' : 'adapters differ'}; run \`interlock generate\` and commit the result.`);
  } else if (clean) {
    lines.push(`${OUT_DIR}/ is up to date: ${adapters} adapter${adapters === 1 ? '' : 's'}, ${files} files.`);
  } else {
    list('wrote  ', [...drift.missing, ...drift.stale].sort());
    list('removed', drift.extra);
    const written = drift.missing.length + drift.stale.length;
    lines.push(`Wrote ${written} file${written === 1 ? '' : 's'}, removed ${drift.extra.length} (${adapters} adapter${adapters === 1 ? '' : 's'}, ${files} files).`);
  }
  return lines.join('\n') + '\n';
}

async function writeGenerated(root: string, files: ReadonlyMap<string, string>, drift: GeneratedDrift): Promise<void> {
  for (const rel of [...drift.missing, ...drift.stale]) {
    const target = path.join(root, rel);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, files.get(rel)!);
  }
  for (const rel of drift.extra) {
    await rm(path.join(root, rel), { force: true });
    // Remove folders left empty (a deleted integration's adapter), never generated/ itself.
    for (let d = path.posix.dirname(rel); d !== OUT_DIR && d.startsWith(`${OUT_DIR}/`); d = path.posix.dirname(d)) {
      try {
        await rmdir(path.join(root, d));
      } catch {
        break; // not empty
      }
    }
  }
}
