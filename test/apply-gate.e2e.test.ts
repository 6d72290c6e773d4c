import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import type { StateSnapshot } from '../src/runtime/model.js';
import { startRuntime, type RunningRuntime } from '../src/runtime/start.js';
import { freshLocation, type TestLocation } from './support/stores.js';

/**
 * The onboarding gate at apply: the example workspace with one critical vendor's contract no longer
 * countersigned is refused by `interlock apply` (nothing reaches the real runtime on the embedded store),
 * and applied once the contract is countersigned again.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VENDOR = 'integrations/servicenow/vendor.yaml';

let ws: string;
let location: TestLocation;
let runtime: RunningRuntime;
let operator: string;

function git(...args: string[]): string {
  return execFileSync('git', args, {
    cwd: ws,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'Ada Lovelace', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada Lovelace', GIT_COMMITTER_EMAIL: 'ada@example.com' },
  });
}

function commitAll(message: string): void {
  git('add', '-A');
  git('commit', '-q', '-m', message);
}

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run([...args, '--cwd', ws], {
    cwd: ws,
    env: { ...process.env, INTERLOCK_RUNTIME_URL: runtime.url, INTERLOCK_TOKEN: operator, NO_COLOR: '1' },
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  expect(stderr).not.toMatch(/internal error|^\s+at .+:\d+:\d+\)?$/m);
  return { code, stdout, stderr };
}

async function state(): Promise<StateSnapshot> {
  // A GET is safe to repeat: a pooled connection the server closed meanwhile is retried, as clients do.
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(`${runtime.url}/v1/state`, { headers: { authorization: `Bearer ${operator}` } });
      expect(response.status).toBe(200);
      return (await response.json()) as StateSnapshot;
    } catch (error) {
      if (attempt >= 3 || (error as { cause?: { code?: string } }).cause?.code !== 'ECONNRESET') throw error;
    }
  }
}

beforeAll(async () => {
  ws = mkdtempSync(path.join(tmpdir(), 'interlock-apply-gate-'));
  for (const dir of ['integrations', 'contracts', 'policies']) cpSync(path.join(root, dir), path.join(ws, dir), { recursive: true });
  cpSync(path.join(root, 'interlock.yaml'), path.join(ws, 'interlock.yaml'));
  const vendor = readFileSync(path.join(ws, VENDOR), 'utf8');
  expect(vendor).toContain('countersigned: true');
  writeFileSync(path.join(ws, VENDOR), vendor.replace('countersigned: true', 'countersigned: false'));
  git('init', '-q', '-b', 'main');
  commitAll('servicenow: contract not countersigned');
  location = await freshLocation('embedded');
  runtime = await startRuntime({ ...location.location, port: 0, workspace: ws });
  operator = (await runtime.store.createToken('operator', new Date())).token;
});

afterAll(async () => {
  await runtime?.close();
  await location?.dispose();
  if (ws) rmSync(ws, { recursive: true, force: true });
});

describe('interlock apply runs the policy gate', () => {
  it('plan shows the refusal apply would give, instead of a plan', async () => {
    const planned = await cli('plan', '--format', 'json');
    expect(planned.code, planned.stdout + planned.stderr).toBe(1);
    const report = JSON.parse(planned.stdout) as { diagnostics: { code: string; severity: string; location?: { file: string } }[] };
    expect(report.diagnostics.filter((d) => d.code === 'policy/onboarding-gate' && d.severity === 'error').map((d) => d.location?.file)).toContain(VENDOR);
  });

  it('refuses a workspace whose vendor fails its onboarding gate: nothing is applied', async () => {
    const applied = await cli('apply', '--auto-approve', '--format', 'json');
    expect(applied.code, applied.stdout + applied.stderr).toBe(1);
    const report = JSON.parse(applied.stdout) as { diagnostics: { code: string; severity: string; data?: Record<string, unknown>; location?: { file: string } }[] };
    const gate = report.diagnostics.filter((d) => d.code === 'policy/onboarding-gate' && d.severity === 'error');
    expect(gate.map((d) => d.location?.file)).toContain(VENDOR);
    expect(gate.some((d) => d.location?.file.startsWith('integrations/servicenow/') && d.location.file !== VENDOR)).toBe(true);
    const after = await state();
    expect(after.revision).toBe(0);
    expect(after.resources).toEqual([]);
  });

  it('applies once the contract is countersigned again', async () => {
    const vendor = readFileSync(path.join(ws, VENDOR), 'utf8');
    writeFileSync(path.join(ws, VENDOR), vendor.replace('countersigned: false', 'countersigned: true'));
    commitAll('servicenow: countersigned');
    const applied = await cli('apply', '--auto-approve');
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const after = await state();
    expect(after.revision).toBeGreaterThan(0);
    expect(after.resources.some((r) => r.kind === 'Vendor' && r.name === 'servicenow')).toBe(true);
  });

  it('apply PLAN_FILE judges the gate on the plan’s own commit, not the working tree', async () => {
    const failing = git('rev-list', '--max-parents=0', 'HEAD').trim();
    const slack = 'integrations/slack/slack-ops-alerts.yaml';
    writeFileSync(path.join(ws, slack), readFileSync(path.join(ws, slack), 'utf8').replace('timeoutMs: 5000', 'timeoutMs: 7000'));
    commitAll('slack: longer timeout');
    const out = path.join(ws, '..', `${path.basename(ws)}-plan.json`);
    expect((await cli('plan', '--out', out)).code).toBe(0);
    const plan = JSON.parse(readFileSync(out, 'utf8')) as { commit: string };
    expect(plan.commit).toBe(git('rev-parse', 'HEAD').trim());
    const before = await state();

    // The same plan claiming a commit whose vendor fails the gate is refused, though the working tree passes.
    const forged = `${out}.forged`;
    writeFileSync(forged, JSON.stringify({ ...plan, commit: failing }));
    const refused = await cli('apply', forged, '--format', 'json');
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(refused.stdout).toContain('policy/onboarding-gate');
    expect((await state()).revision).toBe(before.revision);

    // An uncommitted edit that would fail the gate does not stop the plan of a commit that passes it.
    const vendor = readFileSync(path.join(ws, VENDOR), 'utf8');
    writeFileSync(path.join(ws, VENDOR), vendor.replace('countersigned: true', 'countersigned: false'));
    const applied = await cli('apply', out);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect((await state()).revision).toBeGreaterThan(before.revision);
    writeFileSync(path.join(ws, VENDOR), vendor);
    rmSync(out);
    rmSync(forged);
  });
});
