import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mutateText, type TextKind } from '../mutate.js';
import type { Outcome } from '../outcome.js';
import type { Random } from '../random.js';
import { runCli } from './cli.js';

interface JsonDiagnostic {
  severity: string;
  code: string;
  location?: { file?: string; line?: number };
}

/**
 * `interlock validate` (or `check`) of a small workspace with one file mutated. Every error it reports
 * about a file must be located: a JSON diagnostic with a file and a line.
 */
export async function fuzzValidate(rng: Random, workspace: ReadonlyMap<string, string>, dir: string, maxDepth: number): Promise<Outcome> {
  rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of workspace) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const files = [...workspace.keys()];
  const target = rng.pick(files);
  const kind: TextKind = target.endsWith('.graphql') ? 'graphql' : target.endsWith('.json') ? 'json' : 'yaml';
  writeFileSync(path.join(dir, target), mutateText(rng, workspace.get(target)!, kind, [...workspace.values()], maxDepth));
  const command = rng.chance(0.1) ? ['check', '--now', '2026-06-01'] : ['validate'];
  const { outcome, stdout } = await runCli([...command, '--format', 'json'], dir);
  if (outcome.kind !== 'findings') return outcome;
  let report: { diagnostics?: JsonDiagnostic[] };
  try {
    report = JSON.parse(stdout) as { diagnostics?: JsonDiagnostic[] };
  } catch {
    return { kind: 'crash', detail: `--format json printed no JSON: ${stdout.slice(0, 200)}` };
  }
  const unlocated = (report.diagnostics ?? []).find((d) => d.severity === 'error' && (!d.location?.file || d.location.line === undefined));
  return unlocated ? { kind: 'unlocated', detail: `${unlocated.code} in ${target}` } : outcome;
}
