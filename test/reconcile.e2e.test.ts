import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import type { Plan } from '../src/plan/plan.js';
import { MANAGED_BY_LABEL } from '../src/plan/resource.js';
import { specHash } from '../src/core/canonical-json.js';
import type { StateSnapshot } from '../src/runtime/model.js';
import { startRuntime, type RunningRuntime } from '../src/runtime/start.js';
import { freshLocation, type TestLocation } from './support/stores.js';

/**
 * The whole reconcile flow through the CLI against the real runtime (HTTP admin API on the embedded
 * store) and the example workspace of this repository, copied into a scratch git repository.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

let ws: string;
let location: TestLocation;
let runtime: RunningRuntime;
let operator: string;
let admin: string;

function git(...args: string[]): string {
  return execFileSync('git', args, {
    cwd: ws,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'Ada Lovelace', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada Lovelace', GIT_COMMITTER_EMAIL: 'ada@example.com' },
  });
}

function commitAll(message: string): string {
  git('add', '-A');
  git('commit', '-q', '-m', message);
  return git('rev-parse', 'HEAD').trim();
}

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliWith({}, ...args);
}

/** `answer`: stdin is a terminal where the user types this (each question is kept in `asked`). */
async function cliWith(opts: { tty?: boolean; answer?: string }, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string; asked: string[] }> {
  let stdout = '';
  let stderr = '';
  const asked: string[] = [];
  const answer = opts.answer;
  const code = await run([...args, '--cwd', ws], {
    cwd: ws,
    ask: answer === undefined ? undefined : async (q: string) => (asked.push(q), answer),
    env: { ...process.env, INTERLOCK_RUNTIME_URL: runtime.url, INTERLOCK_TOKEN: operator, NO_COLOR: '1' },
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s), isTTY: opts.tty },
  });
  expect(stderr).not.toMatch(/internal error|^\s+at .+:\d+:\d+\)?$/m);
  return { code, stdout, stderr, asked };
}

async function api<T>(method: string, url: string, body?: unknown, token = admin): Promise<T> {
  const response = await fetch(runtime.url + url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return (await response.json()) as T;
}

const state = () => api<StateSnapshot>('GET', '/v1/state');
const ids = (s: StateSnapshot) => s.resources.map((r) => `${r.kind}/${r.name}`).sort();

function edit(file: string, from: string, to: string): void {
  const full = path.join(ws, file);
  const text = readFileSync(full, 'utf8');
  expect(text).toContain(from);
  writeFileSync(full, text.replace(from, to));
}

beforeAll(async () => {
  ws = mkdtempSync(path.join(tmpdir(), 'interlock-reconcile-e2e-'));
  for (const dir of ['integrations', 'contracts', 'policies']) cpSync(path.join(root, dir), path.join(ws, dir), { recursive: true });
  // Marked as the workspace root from the start: unmarked, the root is whatever ancestor of the temp dir
  // holds an interlock.yaml, which on a shared machine is not this test's to decide.
  cpSync(path.join(root, 'interlock.yaml'), path.join(ws, 'interlock.yaml'));
  git('init', '-q', '-b', 'main');
  commitAll('example workspace');
  location = await freshLocation('embedded');
  runtime = await startRuntime({ ...location.location, port: 0, workspace: ws });
  operator = (await runtime.store.createToken('operator', new Date())).token;
  admin = (await runtime.store.createToken('admin', new Date())).token;
});

afterAll(async () => {
  await runtime?.close();
  await location?.dispose();
  if (ws) rmSync(ws, { recursive: true, force: true });
});

describe('plan and apply against the runtime', () => {
  it('plans the example workspace as creates and applies it, recording commit and author', async () => {
    const head = git('rev-parse', 'HEAD').trim();
    const planned = await cli('plan', '--format', 'json', '--detailed-exitcode');
    expect(planned.code).toBe(3);
    const plan = JSON.parse(planned.stdout) as Plan;
    expect(plan).toMatchObject({ formatVersion: 1, runtimeRevision: 0, commit: head });
    expect(plan.changes.every((c) => c.action === 'create')).toBe(true);
    expect(plan.summary.add).toBeGreaterThan(20);

    // Not at a terminal, apply without a plan file refuses to go on unasked; at one, "no" changes nothing.
    const unasked = await cli('apply');
    expect(unasked.code).toBe(2);
    expect(unasked.stderr).toContain('--auto-approve');
    const declined = await cliWith({ tty: true, answer: 'no' }, 'apply');
    expect(declined.code).toBe(1);
    expect(declined.asked).toHaveLength(1);
    expect((await state()).revision).toBe(0);

    const applied = await cliWith({ tty: true, answer: 'yes' }, 'apply');
    expect(applied.code, applied.stdout).toBe(0);
    expect(applied.asked).toHaveLength(1);
    // Progress goes to a terminal's stderr only, one line per batch, ending with every change done.
    expect(applied.stderr).toContain(`applying: batch 5/5, ${plan.summary.add}/${plan.summary.add} changes\n`);
    expect(applied.stdout).not.toContain('applying:');
    expect(applied.stdout).toContain(`Apply complete: ${plan.summary.add} succeeded, 0 failed, 0 not attempted.`);
    const s = await state();
    expect(ids(s)).toEqual(plan.changes.map((c) => `${c.kind}/${c.name}`).sort());
    expect(s.commit).toBe(head);
    for (const r of s.resources) {
      expect(r.labels[MANAGED_BY_LABEL]).toBe('default');
      // The plan's content hash and the runtime's agree, so an unchanged workspace plans as no-ops.
      expect(r.hash).toBe(plan.changes.find((c) => c.kind === r.kind && c.name === r.name)!.after!.hash);
      expect(r.hash).toBe(specHash(r.spec));
    }
    expect(s.resources.find((r) => r.name === 'servicenow-incidents')?.protect).toBe(true);
    const history = await api<{ entries: { actor: string; commit: string }[] }>('GET', '/v1/resources/Vendor/slack/history');
    expect(history.entries[0].commit).toBe(head);
  });

  it('a second plan is empty', async () => {
    const again = await cli('plan', '--detailed-exitcode');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^No changes\./);
  });

  it('a change plans as an update with its field diff and applies from a saved plan', async () => {
    edit('integrations/slack/slack-ops-alerts.yaml', 'timeoutMs: 5000', 'timeoutMs: 8000');
    commitAll('slack: longer timeout');
    const out = path.join(ws, 'plan.json');
    const planned = await cli('plan', '--out', out, '--detailed-exitcode');
    expect(planned.code).toBe(3);
    expect(planned.stdout).toContain('~ Integration/slack-ops-alerts');
    expect(planned.stdout).toContain('spec.endpoint.timeoutMs: 5000 → 8000');
    expect(planned.stdout).toContain('Plan: 0 to add, 1 to change, 0 to destroy.');
    const applied = await cli('apply', out);
    expect(applied.code, applied.stdout).toBe(0);
    rmSync(out);
    const s = await state();
    expect((s.resources.find((r) => r.name === 'slack-ops-alerts')!.spec.endpoint as { timeoutMs: number }).timeoutMs).toBe(8000);
    expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('a delete is spelled out in the summary and applied', async () => {
    rmSync(path.join(ws, 'integrations/snowflake/snowflake-nightly-shipments.yaml'));
    commitAll('drop the snowflake export');
    const planned = await cli('plan');
    const summary = planned.stdout.slice(0, planned.stdout.indexOf('Legend:'));
    expect(summary).toContain('- Integration/snowflake-nightly-shipments: removed from the workspace');
    expect(planned.stdout).toContain('Plan: 0 to add, 0 to change, 1 to destroy.');
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(ids(await state())).not.toContain('Integration/snowflake-nightly-shipments');
  });

  it('a rename is a delete plus a create, and applies', async () => {
    edit('integrations/twilio/twilio-delivery-notifications.yaml', 'name: twilio-delivery-notifications', 'name: twilio-delivery-texts');
    commitAll('rename the twilio integration');
    const planned = JSON.parse((await cli('plan', '--format', 'json')).stdout) as Plan;
    const changed = planned.changes.filter((c) => c.action !== 'noop').map((c) => [c.action, c.name, c.reason, c.renamedFrom ?? c.renamedTo]);
    expect(changed).toEqual([
      ['create', 'twilio-delivery-texts', 'renamed', 'twilio-delivery-notifications'],
      ['delete', 'twilio-delivery-notifications', 'renamed', 'twilio-delivery-texts'],
    ]);
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    const names = ids(await state());
    expect(names).toContain('Integration/twilio-delivery-texts');
    expect(names).not.toContain('Integration/twilio-delivery-notifications');
  });

  it('refuses a stale plan', async () => {
    edit('integrations/slack/slack-ops-alerts.yaml', 'timeoutMs: 8000', 'timeoutMs: 9000');
    commitAll('slack: even longer timeout');
    const out = path.join(ws, 'stale.json');
    expect((await cli('plan', '--out', out)).code).toBe(0);
    const before = await state();
    // Someone else applies in between: the vendor's website moves out of band.
    const vendor = before.resources.find((r) => r.kind === 'Vendor' && r.name === 'slack')!;
    await api('PUT', '/v1/resources/Vendor/slack', { spec: { ...vendor.spec, website: 'https://example.com/changed' }, labels: vendor.labels, protect: vendor.protect });
    const applied = await cli('apply', out);
    expect(applied.code).toBe(1);
    // The reason comes first, before the resources it did not touch.
    expect(applied.stdout.split('\n')[0]).toMatch(/^Apply refused \(apply\/stale-plan\): /);
    expect(applied.stdout).toContain('not attempted');
    rmSync(out);
    const after = await state();
    expect((after.resources.find((r) => r.name === 'slack-ops-alerts')!.spec.endpoint as { timeoutMs: number }).timeoutMs).toBe(8000);
  });

  it('detects the out-of-band edit as drift against the applied commit, and reconcile heals it', async () => {
    const drift = await cli('drift');
    expect(drift.code, drift.stdout).toBe(1);
    expect(drift.stdout).toContain('Vendor/slack: changed in the runtime');
    expect(drift.stdout).toContain('"https://example.com/changed"');
    const json = JSON.parse((await cli('drift', '--format', 'json')).stdout) as { drift: boolean; changes: { kind: string; name: string }[] };
    expect(json.drift).toBe(true);
    expect(json.changes.map((c) => `${c.kind}/${c.name}`)).toEqual(['Vendor/slack']);

    const healed = await cli('reconcile', '--branch', 'main');
    expect(healed.code, healed.stdout).toBe(0);
    const s = await state();
    expect(s.commit).toBe(git('rev-parse', 'main').trim());
    expect(s.resources.find((r) => r.kind === 'Vendor' && r.name === 'slack')!.spec.website).not.toBe('https://example.com/changed');
    expect((s.resources.find((r) => r.name === 'slack-ops-alerts')!.spec.endpoint as { timeoutMs: number }).timeoutMs).toBe(9000);
    expect((await cli('drift')).code).toBe(0);
  });

  it('reconcile --watch ticks on a short interval and stops after --max-ticks', async () => {
    const watched = await cli('reconcile', '--watch', '--interval', '50ms', '--max-ticks', '2');
    expect(watched.code).toBe(0);
    expect(watched.stdout.match(/in sync at runtime revision/g)).toHaveLength(2);
  });

  it('the deletion guard refuses a plan deleting many resources unless --allow-deletes', async () => {
    const removed = ['atlassian/jira-issue-sync.yaml', 'confluent/confluent-shipment-events.yaml', 'linear/linear-portal-bugs.yaml', 'onetrust/onetrust-compliance-report.yaml', 'onetrust/onetrust-consent-import.yaml', 'salesforce/salesforce-crm-sync.yaml', 'slack/slack-ops-alerts.yaml', 'twilio/twilio-delivery-notifications.yaml'];
    const keep = path.join(ws, '..', `${path.basename(ws)}-keep`);
    cpSync(path.join(ws, 'integrations'), keep, { recursive: true });
    for (const f of removed) rmSync(path.join(ws, 'integrations', f), { force: true });
    rmSync(path.join(ws, 'integrations/linear/operations'), { recursive: true, force: true });
    for (const c of ['atlassian', 'confluent', 'linear', 'salesforce']) rmSync(path.join(ws, 'contracts', c), { recursive: true, force: true });
    commitAll('remove most connectors');
    const before = await state();
    const planned = await cli('plan', '--format', 'json');
    expect(planned.code).toBe(1);
    const plan = JSON.parse(planned.stdout) as Plan & { diagnostics: { code: string; data: { deletes: number } }[] };
    const guard = plan.diagnostics.find((d) => d.code === 'plan/deletion-guard')!;
    expect(guard.data.deletes).toBeGreaterThan(10);
    const refused = await cli('apply', '--auto-approve');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('plan/deletion-guard');
    expect((await state()).revision).toBe(before.revision);

    const tooFew = await cli('apply', '--auto-approve', '--allow-deletes', '2');
    expect(tooFew.code).toBe(1);
    const allowed = await cli('apply', '--auto-approve', '--allow-deletes', String(guard.data.deletes));
    expect(allowed.code, allowed.stdout).toBe(0);
    expect(ids(await state())).not.toContain('Integration/jira-issue-sync');
    // Put the workspace back for the next cases.
    rmSync(path.join(ws, 'integrations'), { recursive: true, force: true });
    renameSync(keep, path.join(ws, 'integrations'));
  });

  it('a protected resource survives removal from the workspace until released', async () => {
    rmSync(path.join(ws, 'integrations/servicenow/servicenow-incidents.yaml'));
    git('checkout', '-q', 'HEAD~1', '--', 'contracts');
    commitAll('drop the servicenow connector, restore the rest');
    const planned = await cli('plan', '--format', 'json', '--allow-deletes', '0');
    const plan = JSON.parse(planned.stdout) as Plan;
    expect(plan.changes.find((c) => c.name === 'servicenow-incidents')).toMatchObject({ action: 'noop', reason: 'protected' });
    const text = await cli('plan', '--allow-deletes', '0');
    expect(text.stdout).toContain('Integration/servicenow-incidents: protected, kept');
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(ids(await state())).toContain('Integration/servicenow-incidents');

    await api('POST', '/v1/resources/Integration/servicenow-incidents/release', {});
    const released = await cli('plan', '--format', 'json');
    expect((JSON.parse(released.stdout) as Plan).changes.filter((c) => c.action === 'delete').map((c) => c.name)).toEqual(['servicenow-incidents']);
    expect((await cli('apply', '--auto-approve')).code).toBe(0);
    expect(ids(await state())).not.toContain('Integration/servicenow-incidents');
  });

  it('refuses an empty desired state', async () => {
    for (const dir of ['integrations', 'contracts']) rmSync(path.join(ws, dir), { recursive: true, force: true });
    for (const f of readdirSync(path.join(ws, 'policies'))) if (f.endsWith('.yaml')) rmSync(path.join(ws, 'policies', f));
    // Still a workspace, marked by its interlock.yaml, only an empty one.
    commitAll('empty');
    const before = await state();
    const planned = await cli('plan', '--format', 'json', '--allow-deletes', '1000');
    expect(planned.code).toBe(1);
    expect((JSON.parse(planned.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code)).toContain('plan/empty-desired-state');
    expect((await cli('apply', '--auto-approve', '--allow-deletes', '1000')).code).toBe(1);
    expect((await state()).revision).toBe(before.revision);
  });
});
