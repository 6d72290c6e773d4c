import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParsedDocument } from '../core/document.js';
import { isKind, KINDS, type Kind } from '../core/kinds.js';
import { DirectorySource, loadWorkspace } from '../load/index.js';
import { schemaDiagnostics } from './schema-errors.js';
import { compileKindValidators, loadPrecompiled, type PrecompiledValidators } from './schemas.js';
import { standaloneKindValidators } from './standalone.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BUILT = new URL('../../dist/src/validate/kind-validators.precompiled.cjs', import.meta.url);

/** The standalone source evaluated as CommonJS, resolving its ajv requires from this project. */
function evaluate(source: string): Map<Kind, ValidateFunction> {
  const module = { exports: {} as PrecompiledValidators };
  new Function('module', 'exports', 'require', source)(module, module.exports, createRequire(import.meta.url));
  return new Map(KINDS.map((kind) => [kind, module.exports[kind]]));
}

/** Each document's kind validator result: errors as ajv reports them and as located diagnostics. */
function judge(validators: Map<Kind, ValidateFunction>, docs: ParsedDocument[]) {
  return docs.map((doc) => {
    const kind = (doc.value as { kind?: unknown }).kind;
    const validate = validators.get(isKind(kind) ? kind : 'Integration')!;
    const ok = validate(doc.value);
    const errors = validate.errors ?? [];
    return { file: doc.file, ok, errors, diagnostics: JSON.stringify(schemaDiagnostics(doc, errors)) };
  });
}

/** Good manifests (the example workspace, a waiver), broken ones (the e2e validate cases) and mutations of each. */
async function documents(): Promise<ParsedDocument[]> {
  const e2e = path.join(root, 'test/e2e');
  const cases = readdirSync(e2e).filter((d) => d.startsWith('validate-') || d === 'policy-waiver');
  const dirs = [root, ...cases.map((d) => path.join(e2e, d, 'workspace')).filter(existsSync)];
  const docs: ParsedDocument[] = [];
  for (const dir of dirs) docs.push(...(await loadWorkspace(new DirectorySource(dir))).value.manifests);
  const mutations = (value: Record<string, unknown>): unknown[] => [
    { ...value, spec: { ...(value.spec as object), unknownField: true } },
    { ...value, metadata: { name: 'Not A Name!', surplus: 1 } },
    { ...value, spec: 'not an object' },
    { apiVersion: value.apiVersion, kind: value.kind },
  ];
  const mutated = docs.filter((d) => typeof d.value === 'object' && d.value !== null).flatMap((d) => mutations(d.value as Record<string, unknown>).map((value) => ({ ...d, value })));
  return [...docs, ...mutated];
}

describe('precompiled kind validators (ajv standalone, written by the build)', () => {
  let docs: ParsedDocument[] = [];
  let expected: ReturnType<typeof judge> = [];

  beforeAll(async () => {
    docs = await documents();
    expected = judge(compileKindValidators(), docs);
  });

  it('the judged documents cover every kind, valid and invalid', () => {
    const kinds = new Set(docs.map((d) => (d.value as { kind?: string }).kind));
    expect(KINDS.filter((k) => !kinds.has(k))).toEqual([]);
    expect(expected.some((r) => r.ok)).toBe(true);
    expect(expected.filter((r) => !r.ok).length).toBeGreaterThan(KINDS.length * 3);
  });

  it('the generated code reports what the run-time compiled validators report', () => {
    expect(judge(evaluate(standaloneKindValidators()), docs)).toEqual(expected);
  });

  it('the built module (dist/) loads and reports the same errors and diagnostics', () => {
    expect(existsSync(BUILT), 'dist/ is missing: run `npm run build` first').toBe(true);
    const built = loadPrecompiled(BUILT);
    expect(built, 'the built validators are stale: run `npm run build`').toBeDefined();
    expect(judge(built!, docs)).toEqual(expected);
  });

  it('a module missing or built from other schemas is not used', () => {
    expect(loadPrecompiled(new URL('./no-such-module.cjs', import.meta.url))).toBeUndefined();
    const dir = mkdtempSync(path.join(tmpdir(), 'interlock-stale-'));
    const stale = path.join(dir, 'validators.cjs');
    writeFileSync(stale, `exports.Vendor = () => true;\nexports.schemasHash = "0";\n`);
    try {
      expect(loadPrecompiled(pathToFileURL(stale))).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
