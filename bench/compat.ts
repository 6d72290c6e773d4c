import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The project root: the nearest folder above the compiled bench with a package.json. */
function projectRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
const root = projectRoot(here);
const corpus = path.resolve(root, '../shared/corpus');

export const PAIRS: { name: string; base: string; head: string; goalMs: number }[] = [
  { name: 'Stripe 2020-03 → 2020-08', base: 'openapi/stripe/2020-03-03-0e77e37c.json', head: 'openapi/stripe/2020-08-27-adae4673.json', goalMs: 500 },
  { name: 'GitHub REST 2021-06 → 2021-09', base: 'openapi/github-rest/2021-06-11-34132d0d.json', head: 'openapi/github-rest/2021-09-30-f5a1dd3d.json', goalMs: 500 },
  { name: 'Slack 2020-04 → 2020-10 (Swagger 2.0)', base: 'openapi/slack-web/2020-04-03-3f1e8b4a.json', head: 'openapi/slack-web/2020-10-06-dfea73e0.json', goalMs: 500 },
  { name: 'OpenAI 2026-07 → 2026-08 (3.1)', base: 'openapi/openai/2026-07-15-535f5dc9.yaml', head: 'openapi/openai/2026-08-12-11854aef.yaml', goalMs: 500 },
  { name: 'GitHub GraphQL 2024 → 2025', base: 'graphql/github/2024-01-31-6574eec9.graphql', head: 'graphql/github/2025-02-27-597478f9.graphql', goalMs: 1000 },
  { name: 'Linear GraphQL 2023-12 → 2025-01', base: 'graphql/linear/2023-12-18-05652cb4.graphql', head: 'graphql/linear/2025-01-23-a7547e7f.graphql', goalMs: 1000 },
];

const GOAL_MB = 300;

/**
 * `interlock diff` on real vendor pairs, each in a child process for an honest peak RSS. Prints the
 * in-process time (read + parse + diff + JSON with line numbers), CPU time (of the diff, and of the
 * whole process with start-up and garbage-collector threads), the child's whole wall
 * time (with Node start-up and module loading) and peak RSS. Goals: OpenAPI ≤ 0.5 s and ≤ 300 MB,
 * GraphQL ≤ 1 s.
 */
export async function run(): Promise<void> {
  const child = path.join(here, 'compat-pair.js');
  for (const pair of PAIRS) {
    const t0 = performance.now();
    const out = execFileSync(process.execPath, [child, path.join(corpus, pair.base), path.join(corpus, pair.head)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const wall = performance.now() - t0;
    const f = JSON.parse(out.trim().split('\n').pop()!) as { ms: number; diffMs: number; renderMs: number; cpuMs: number; diffCpuMs: number; rssMB: number; changes: number; breaking: number; errors: number };
    const ok = f.ms <= pair.goalMs && f.rssMB <= GOAL_MB ? 'within goal' : 'OVER GOAL';
    console.log(
      `${pair.name.padEnd(40)} diff ${String(f.ms).padStart(5)} ms (parse+diff ${f.diffMs}, report ${f.renderMs}), cpu ${f.diffCpuMs} ms in the diff / ${f.cpuMs} ms in the process, process ${wall.toFixed(0)} ms, peak RSS ${f.rssMB} MB; ${f.changes} changes, ${f.breaking} breaking${f.errors ? `, ${f.errors} ERRORS` : ''} — ${ok} (≤ ${pair.goalMs} ms, ≤ ${GOAL_MB} MB)`,
    );
  }
}
