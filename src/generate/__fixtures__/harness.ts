import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { DirectorySource, loadWorkspace } from '../../load/index.js';
import { validateWorkspace, type WorkspaceModel } from '../../validate/index.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const fixtureWorkspace = path.join(repoRoot, 'src/generate/__fixtures__/workspace');

export async function loadFixtureModel(dir = fixtureWorkspace): Promise<{ model: WorkspaceModel; problems: string[] }> {
  const loaded = await loadWorkspace(new DirectorySource(dir));
  const validated = validateWorkspace(loaded.value);
  const problems = [...loaded.diagnostics, ...validated.diagnostics].filter((d) => d.severity === 'error').map((d) => `${d.location?.file}:${d.location?.line} ${d.code} ${d.message}`);
  return { model: validated.value, problems };
}

/**
 * A temporary ESM package holding `files`, as a user's project would: `interlock` installed (a link to
 * this repository, built), so generated code resolves `interlock/adapter-runtime` through the exports map.
 */
export function writeTempPackage(files: ReadonlyMap<string, string>): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'interlock-generate-'));
  writeFileSync(path.join(dir, 'package.json'), '{"type":"module","private":true}\n');
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(repoRoot, path.join(dir, 'node_modules', 'interlock'), 'dir');
  for (const [rel, text] of files) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Compiles the TypeScript files under `dir` with `--strict` (Node 20 types only), emitting JS beside
 * them when `emit` is set. Returns the compiler's messages, formatted.
 */
export function compileStrict(dir: string, rootNames: string[], emit = false): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ['node'],
    typeRoots: [path.join(repoRoot, 'node_modules/@types')],
    skipLibCheck: true,
    noEmit: !emit,
    outDir: emit ? dir : undefined,
    rootDir: dir,
    noUnusedLocals: true,
    // Stricter than --strict, as consumers' projects may be.
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    noPropertyAccessFromIndexSignature: true,
    noImplicitReturns: true,
    noUnusedParameters: true,
    verbatimModuleSyntax: true,
  };
  const program = ts.createProgram(rootNames.map((f) => path.join(dir, f)), options);
  const diagnostics = [...ts.getPreEmitDiagnostics(program)];
  if (emit && diagnostics.length === 0) diagnostics.push(...program.emit().diagnostics);
  return diagnostics.map((d) => {
    const where = d.file && d.start !== undefined ? `${path.relative(dir, d.file.fileName)}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}
