import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCounts, type ParseStep } from '../../contract/parse-counts.js';
import type { StateSnapshot } from '../../core/runtime-api.js';
import { run } from '../main.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const OPENAPI = 'contracts/servicenow/table-api.openapi.yaml';
const GRAPHQL = 'contracts/linear/linear-api.graphql';
const EMPTY_STATE: StateSnapshot = { revision: 0, commit: null, appliedAt: null, resources: [] };

let dir: string;
let runtime: Server;
let runtimeUrl: string;
let stateReads = 0;

beforeAll(async () => {
  // The repository's example workspace, committed; then one OpenAPI and one GraphQL description changed.
  dir = mkdtempSync(path.join(tmpdir(), 'interlock-check-'));
  for (const entry of ['interlock.yaml', 'contracts', 'integrations', 'policies', 'generated']) cpSync(path.join(repo, entry), path.join(dir, entry), { recursive: true });
  mkdirSync(path.join(dir, '.github'));
  cpSync(path.join(repo, '.github/CODEOWNERS'), path.join(dir, '.github/CODEOWNERS'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=gate@example.com', '-c', 'user.name=gate', ...args], { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-qm', 'base');
  appendFileSync(path.join(dir, OPENAPI), '\n# changed in the pull request\n');
  appendFileSync(path.join(dir, GRAPHQL), '\n"""Added in the pull request"""\ntype GateProbe {\n  id: ID!\n}\n');
  // A runtime on loopback holding nothing: the gate's plan reads its state once.
  runtime = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/v1/state')) {
      stateReads++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(EMPTY_STATE));
    } else res.writeHead(404, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ title: 'not found', status: 404 }));
  });
  await new Promise<void>((resolve) => runtime.listen(0, '127.0.0.1', resolve));
  runtimeUrl = `http://127.0.0.1:${(runtime.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => runtime.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

/** Parses per step and file during `work`, from the contract model's counters. */
async function parsesDuring<T>(work: () => Promise<T>): Promise<{ result: T; parses: Record<ParseStep, Record<string, number>> }> {
  const before = parseCounts();
  const result = await work();
  const after = parseCounts();
  const parses = Object.fromEntries(
    (Object.keys(after) as ParseStep[]).map((step) => [step, Object.fromEntries(Object.entries(after[step]).map(([file, n]) => [file, n - (before[step][file] ?? 0)]).filter(([, n]) => Number(n) > 0))]),
  ) as Record<ParseStep, Record<string, number>>;
  return { result, parses };
}

describe('interlock check (the whole gate, as the Action runs it)', () => {
  it('parses each API description once per revision, with compat, policy, generated adapters, CODEOWNERS and the plan in one run', async () => {
    let out = '';
    let err = '';
    const io = { stdout: { write: (c: string) => void (out += c) }, stderr: { write: (c: string) => void (err += c) }, env: { INTERLOCK_TOKEN: 'read-token' }, cwd: dir };
    const reportFile = path.join(dir, 'report.json');
    const argv = ['check', '--base', 'HEAD', '--now', '2026-11-22', '--codeowners', '--plan', '--runtime', runtimeUrl, '--report', reportFile, '--format', 'json'];
    const { result: code, parses } = await parsesDuring(() => run(argv, io));
    // Exit 1: the repository's CODEOWNERS also names files outside the copied workspace, so it is stale here.
    expect({ code, err }).toEqual({ code: 1, err: '' });
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { contracts: { file: string }[]; plan?: unknown; checked: Record<string, unknown> };
    // Every stage ran: both changed descriptions compared, the plan made against the runtime's state.
    expect(report.contracts.map((c) => c.file).sort()).toEqual([GRAPHQL, OPENAPI]);
    expect(report.plan).toBeDefined();
    expect(report.checked).toMatchObject({ generated: true, codeowners: '.github/CODEOWNERS' });
    expect(JSON.parse(out)).toEqual(JSON.parse(readFileSync(reportFile, 'utf8')));
    expect(stateReads).toBe(1);
    // Each description of the workspace: at most once for the head and once for the base.
    const files = Object.values(parses).flatMap((byFile) => Object.entries(byFile));
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter(([, n]) => n > 2)).toEqual([]);
    expect([parses['openapi-load'][OPENAPI], parses['graphql-parse'][GRAPHQL], parses['graphql-build'][GRAPHQL]]).toEqual([2, 2, 2]);
    // Schema validity is judged on the head only.
    expect(Object.values(parses['openapi-schema-check']).every((n) => n === 1)).toBe(true);
    // An unchanged description is parsed for the head and the base, never a third time by plan or generate.
    const unchanged = 'contracts/atlassian/jira-cloud.openapi.yaml';
    expect(parses['openapi-load'][unchanged]).toBe(2);
  });
});
