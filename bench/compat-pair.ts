import { readFileSync } from 'node:fs';
import { diffContracts } from '../src/compat/diff-contracts.js';
import { buildDiffReport } from '../src/report/compat-diff/diff-report.js';
import { renderDiffJson } from '../src/report/compat-diff/diff-json.js';

/**
 * One diff in its own process (spawned by bench/compat.ts so peak RSS is this diff's alone):
 * read both files, parse, diff, render the JSON report (which computes every reported line).
 * Prints one JSON line of figures.
 */
async function main(): Promise<void> {
  const [base, head] = process.argv.slice(2);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await diffContracts({ file: base, text: readFileSync(base, 'utf8') }, { file: head, text: readFileSync(head, 'utf8') }, { now: new Date('2026-11-01T00:00:00Z') });
  const t1 = performance.now();
  const json = result.value ? renderDiffJson(buildDiffReport(result.value.base, result.value.head, result.value.changes)) : '';
  const t2 = performance.now();
  // CPU of the diff alone (no Node start-up or module loading): steadier than wall time on a busy machine.
  const diffCpu = process.cpuUsage(cpu0);
  const changes = result.value?.changes ?? [];
  console.log(
    JSON.stringify({
      ms: Math.round(t2 - t0),
      diffMs: Math.round(t1 - t0),
      renderMs: Math.round(t2 - t1),
      diffCpuMs: Math.round((diffCpu.user + diffCpu.system) / 1000),
      cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
      rssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      changes: changes.length,
      breaking: changes.filter((c) => c.level === 'breaking').length,
      errors: result.diagnostics.filter((d) => d.severity === 'error').length,
      outputKB: Math.round(json.length / 1024),
    }),
  );
}

await main();
