import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DirectorySource, loadWorkspace } from '../src/load/index.js';
import { validateWorkspace } from '../src/validate/index.js';
import { measureCli } from './measured-process.js';
import { writeSyntheticWorkspace } from './workspace-generator.js';

/**
 * `validate` on 1,000 integrations and 200 contracts: in-process, and as a whole CLI run with its CPU time
 * (the figure to compare on a busy machine). Goal: < 2 s.
 */
export async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'interlock-bench-validate-'));
  try {
    writeSyntheticWorkspace(dir, { integrations: 1000, contracts: 200 });
    const times: number[] = [];
    const cpus: number[] = [];
    let resources = 0;
    let problems = 0;
    for (let n = 0; n < 3; n++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const loaded = await loadWorkspace(new DirectorySource(dir));
      const validated = validateWorkspace(loaded.value);
      times.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpus.push((c.user + c.system) / 1000);
      resources = validated.value.resources.length;
      problems = loaded.diagnostics.length + validated.diagnostics.length;
    }
    console.log(`validate in-process: ${resources} resources, ${problems} diagnostics; runs ${times.map((t) => t.toFixed(0)).join(' / ')} ms, cpu ${cpus.map((t) => t.toFixed(0)).join(' / ')} ms`);
    measureCli('interlock validate (CLI process, 1,000 integrations + 200 contracts)', ['validate', '--cwd', dir], dir, 'goal < 2 s');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
