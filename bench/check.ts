import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { measureCli } from './measured-process.js';
import { writeSyntheticWorkspace } from './workspace-generator.js';

/**
 * `interlock check --base HEAD` as a whole CLI run on 1,000 integrations and 200 contracts, 20 of which
 * gained an operation since the base: loading both revisions, validation, compat, policy; wall and CPU
 * time (the figure to compare on a busy machine). Goal: < 3 s.
 */
export async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'interlock-bench-check-'));
  try {
    writeSyntheticWorkspace(dir, { integrations: 1000, contracts: 200 });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
    git('init', '-q');
    git('-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'add', '.');
    git('-c', 'user.email=bench@example.com', '-c', 'user.name=bench', 'commit', '-qm', 'base');
    for (let c = 0; c < 20; c++) {
      const file = path.join(dir, 'contracts', `vendor-${c}`, 'api.openapi.yaml');
      const added = `  /added/{id}:\n    get:\n      operationId: getAdded\n      parameters:\n        - { name: id, in: path, required: true, schema: { type: string } }\n      responses:\n        '200': { description: ok }\ncomponents:\n`;
      writeFileSync(file, readFileSync(file, 'utf8').replace('components:\n', added));
    }
    measureCli('interlock check --base HEAD (CLI process, 1,000 integrations + 200 contracts, 20 changed)', ['check', '--base', 'HEAD', '--now', '2026-06-01', '--cwd', dir], dir, 'goal < 3 s');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
