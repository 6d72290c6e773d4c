import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A small source tree with one import of each kind the boundary lint forbids, and allowed ones beside them. */
const FILES: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'boundary-fixture', type: 'module', devDependencies: { vitest: '*' } }),
  'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
  'src/core/vocabulary.ts': 'export const word = 1;\n',
  'src/report/render.ts': "import { word } from '../core/vocabulary.js';\nexport const rendered = word;\n",
  // plan is an earlier stage than report
  'src/plan/compute.ts': "import { word } from '../core/vocabulary.js';\nimport { rendered } from '../report/render.js';\nexport const plan = word + rendered;\n",
  'src/cli/shared.ts': 'export const shared = 1;\n',
  'src/cli/commands/two.ts': "import { shared } from '../shared.js';\nexport const two = shared;\n",
  'src/cli/commands/one.ts': "import { two } from './two.js';\nimport { shared } from '../shared.js';\nexport const one = two + shared;\n",
  'src/cli/commands/index.ts': "export { one } from './one.js';\nexport { two } from './two.js';\n",
  'test/support/helper.ts': 'export const helper = 1;\n',
  'src/apply/apply.ts': "import { helper } from '../../test/support/helper.js';\nexport const applied = helper;\n",
  'src/policy/rule.ts': "import { expect } from 'vitest';\nexport const check = expect;\n",
  'src/policy/rule.test.ts': "import { helper } from '../../test/support/helper.js';\nexport const t = helper;\n",
};

function depcruise(cwd: string, outputType: string): Promise<{ code: number; stdout: string }> {
  const bin = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, 'src', '--config', path.join(root, '.dependency-cruiser.cjs'), '--output-type', outputType], { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }),
    );
  });
}

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

describe('boundary lint (dependency-cruiser, .dependency-cruiser.cjs)', () => {
  let dir: string;
  let violations: Violation[];
  let exitCode: number;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'interlock-boundaries-'));
    for (const [file, text] of Object.entries(FILES)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    // The same command line as `npm run lint`, then the JSON reporter for the details.
    const [lint, json] = await Promise.all([depcruise(dir, 'err'), depcruise(dir, 'json')]);
    exitCode = lint.code;
    violations = (JSON.parse(json.stdout) as { summary: { violations: Violation[] } }).summary.violations;
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails on deliberately bad imports', () => {
    expect(exitCode).not.toBe(0);
  });

  it('names each forbidden import with its rule, and nothing else', () => {
    const found = violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to.replace(/^.*node_modules\/vitest\/.*$/, 'vitest')}`).sort();
    expect(found).toEqual([
      'cli-command-imports-command: src/cli/commands/one.ts → src/cli/commands/two.ts',
      'product-imports-dev-dependency: src/policy/rule.ts → vitest',
      'product-imports-test-helper: src/apply/apply.ts → test/support/helper.ts',
      'stage-order/plan: src/plan/compute.ts → src/report/render.ts',
    ]);
  });
});
