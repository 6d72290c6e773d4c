import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What a test helper or fixture looks like by path; none of them may ship. */
const TEST_ONLY = [/(^|\/)test\//, /\.test\.(js|ts|d\.ts)$/, /__fixtures__/, /(^|\/)testing\//, /rule-tester/, /in-memory-runtime/, /(^|\/)bench\//, /fixtures\.(js|ts|d\.ts)$/];

/** An import or require of vitest in compiled JavaScript. */
const VITEST_IMPORT = /(?:from\s*|import\s*\(\s*|require\s*\(\s*)['"]vitest(?:\/[^'"]*)?['"]/;

describe('the npm package (npm pack --dry-run --json, after npm run build)', () => {
  let files: string[] = [];

  beforeAll(async () => {
    // `npm test` builds before vitest runs; the pack itself must not rebuild (prepare) in the middle of a test run.
    expect(existsSync(path.join(root, 'dist/src/cli/main.js')), 'dist/ is missing: run `npm run build` first').toBe(true);
    const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    const [pack] = JSON.parse(stdout) as { files: { path: string }[] }[];
    files = pack.files.map((f) => f.path);
  });

  it('ships the CLI and its compiled product code', () => {
    expect(files).toContain('bin/interlock.js');
    expect(files).toContain('dist/src/cli/main.js');
    expect(files).toContain('dist/src/runtime-client/client.js');
  });

  it('ships the templates of `interlock new connector` (data files read at run time)', () => {
    expect(files).toContain('examples/templates/connector/integration.yaml');
    expect(files).toContain('examples/templates/connector/vendor.yaml');
  });

  it('ships no test helper, fixture, test or benchmark', () => {
    expect(files.filter((f) => TEST_ONLY.some((p) => p.test(f)))).toEqual([]);
  });

  it('ships no JavaScript that imports vitest', () => {
    const js = files.filter((f) => f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(100);
    expect(js.filter((f) => VITEST_IMPORT.test(readFileSync(path.join(root, f), 'utf8')))).toEqual([]);
  });

  it('the test-only patterns recognise the helpers that once shipped', () => {
    const once = ['dist/src/runtime/delivery/test-fixtures.js', 'dist/src/runtime/exports/export-fixtures.js', 'dist/src/policy/rule-tester.js', 'dist/src/mock/testing/conformance.js'];
    expect(once.filter((f) => !TEST_ONLY.some((p) => p.test(f)))).toEqual([]);
    expect(TEST_ONLY.some((p) => p.test('dist/src/runtime/exports/export-rows.js'))).toBe(false);
  });

  it('the vitest pattern recognises the import forms it must refuse', () => {
    expect(["import { describe } from 'vitest';", 'const v = await import("vitest");', "require('vitest/config')"].map((s) => VITEST_IMPORT.test(s))).toEqual([true, true, true]);
    expect(VITEST_IMPORT.test("// from src/ under vitest, from dist/src/")).toBe(false);
  });
});
