import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DirectorySource, loadWorkspace } from '../src/load/index.js';
import { validateWorkspace } from '../src/validate/index.js';
import { writeSyntheticWorkspace } from './workspace-generator.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** `validate` on 1,000 integrations and 200 contracts: in-process, and as a whole CLI run. Goal: < 2 s. */
export async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'interlock-bench-validate-'));
  try {
    writeSyntheticWorkspace(dir, { integrations: 1000, contracts: 200 });
    const times: number[] = [];
    let resources = 0;
    let problems = 0;
    for (let n = 0; n < 3; n++) {
      const t0 = performance.now();
      const loaded = await loadWorkspace(new DirectorySource(dir));
      const validated = validateWorkspace(loaded.value);
      times.push(performance.now() - t0);
      resources = validated.value.resources.length;
      problems = loaded.diagnostics.length + validated.diagnostics.length;
    }
    console.log(`validate in-process: ${resources} resources, ${problems} diagnostics; runs ${times.map((t) => t.toFixed(0)).join(' / ')} ms`);
    const t0 = performance.now();
    execFileSync(process.execPath, [path.join(root, 'bin/interlock.js'), 'validate', '--cwd', dir], { stdio: 'ignore' });
    const cli = performance.now() - t0;
    console.log(`interlock validate (CLI process, 1,000 integrations + 200 contracts): ${(cli / 1000).toFixed(2)} s (goal < 2 s)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
