import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCounts, type ParseStep } from '../contract/parse-counts.js';
import { GATE_REPORT_FORMAT_VERSION } from './gate-report.js';
import { runGate } from './run-gate.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OPENAPI = 'contracts/servicenow/table-api.openapi.yaml';
const GRAPHQL = 'contracts/linear/linear-api.graphql';
const now = new Date('2026-11-22T00:00:00Z');
let dir: string;

/** Parses per step and file that `run` caused. */
async function parsesDuring(run: () => Promise<unknown>): Promise<Record<ParseStep, Record<string, number>>> {
  const before = parseCounts();
  await run();
  const after = parseCounts();
  const steps = Object.keys(after) as ParseStep[];
  return Object.fromEntries(steps.map((step) => [step, Object.fromEntries(Object.entries(after[step]).map(([file, n]) => [file, n - (before[step][file] ?? 0)]).filter(([, n]) => (n as number) > 0))])) as Record<ParseStep, Record<string, number>>;
}

beforeAll(() => {
  // The repository's example workspace (OpenAPI and GraphQL contracts, generated adapters, CODEOWNERS),
  // committed, then one OpenAPI and one GraphQL description changed in the working tree.
  dir = mkdtempSync(path.join(tmpdir(), 'interlock-gate-'));
  for (const entry of ['interlock.yaml', 'contracts', 'integrations', 'policies', 'generated']) cpSync(path.join(repo, entry), path.join(dir, entry), { recursive: true });
  mkdirSync(path.join(dir, '.github'));
  cpSync(path.join(repo, '.github/CODEOWNERS'), path.join(dir, '.github/CODEOWNERS'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=gate@example.com', '-c', 'user.name=gate', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-qm', 'base');
  appendFileSync(path.join(dir, OPENAPI), '\n# changed in the pull request\n');
  appendFileSync(path.join(dir, GRAPHQL), '\n"""Added in the pull request"""\ntype GateProbe {\n  id: ID!\n}\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runGate', () => {
  it('parses each API description once per workspace load: once for the head, once more for the base', async () => {
    const parses = await parsesDuring(() => runGate({ dir, base: 'HEAD', now, codeowners: { file: '.github/CODEOWNERS' } }));
    for (const [step, files] of Object.entries(parses)) {
      for (const [file, n] of Object.entries(files)) expect({ step, file, n }).toEqual({ step, file, n: Math.min(n, 2) });
    }
    // The changed descriptions were compared, so both revisions were loaded, each once.
    expect(parses['openapi-load'][OPENAPI]).toBe(2);
    expect(parses['graphql-parse'][GRAPHQL]).toBe(2);
    expect(parses['graphql-build'][GRAPHQL]).toBe(2);
    // Validity against the OpenAPI schema is judged for the head only.
    expect(parses['openapi-schema-check'][OPENAPI]).toBe(1);
  });

  it('without a base, each description is parsed at most once', async () => {
    const parses = await parsesDuring(() => runGate({ dir, now }));
    for (const files of Object.values(parses)) for (const n of Object.values(files)) expect(n).toBe(1);
    expect(parses['graphql-parse'][GRAPHQL]).toBe(1);
  });

  it('reports every stage in one versioned document', async () => {
    const run = await runGate({ dir, base: 'HEAD', now, codeowners: { file: '.github/CODEOWNERS' } });
    expect(run.report.formatVersion).toBe(GATE_REPORT_FORMAT_VERSION);
    expect(run.report.base).toBe('HEAD');
    expect(run.report.contracts.map((c) => c.file).sort()).toEqual([GRAPHQL, OPENAPI]);
    expect(run.report.checked).toMatchObject({ generated: true, codeowners: '.github/CODEOWNERS' });
    expect(JSON.parse(JSON.stringify(run.report))).toEqual(run.report);
  });
});
