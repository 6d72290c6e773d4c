import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { AlertView, TrustView } from '../src/core/monitor-api.js';
import { startFakeGitHub, type FakeGitHub } from './fakes/github-server.js';

/**
 * Vendor spec drift end to end in `interlock sandbox` on the example workspace: servicenow-table-api names its
 * published description (`spec.upstream`), which the sandbox serves from the ServiceNow mock's
 * `/__interlock/spec`. Publishing a description without `getIncident` (which servicenow-incidents uses) makes
 * the runtime's `vendor-spec` job open exactly one pull request on a fake GitHub API on loopback — a second
 * check of the same description opens none — and the monitor raises a Sev-2 `vendor-spec-drift` alert.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPO = 'northwind/integrations';
const TOKEN = 'fake-github-token';

let child: ChildProcess | undefined;
let github: FakeGitHub | undefined;
afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await github?.close();
});

/** The committed ServiceNow description with these operations taken out, as the vendor would publish it. */
function publishedWithout(...operationIds: string[]): string {
  const doc = parse(readFileSync(path.join(root, 'contracts/servicenow/table-api.openapi.yaml'), 'utf8')) as { paths: Record<string, Record<string, { operationId?: string }>> };
  for (const item of Object.values(doc.paths)) for (const [method, op] of Object.entries(item)) if (op && typeof op === 'object' && operationIds.includes(op.operationId ?? '')) delete item[method];
  return stringify(doc);
}

describe('vendor spec drift in the sandbox', () => {
  it('a changed published description that removes a used operation opens exactly one pull request', async () => {
    github = await startFakeGitHub({ token: TOKEN });
    const env = { ...process.env, INTERLOCK_LOG_LEVEL: 'warn', INTERLOCK_GITHUB_REPOSITORY: REPO, GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url };
    child = spawn(process.execPath, [path.join(root, 'bin/interlock.js'), 'sandbox', '--port', '0', '--format', 'json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    let err = '';
    child.stderr!.on('data', (c: Buffer) => void (err += c.toString()));
    const ready = await new Promise<{ runtime: { url: string; token: string }; integrations: { name: string; mock: string }[] }>((resolve, reject) => {
      child!.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]) as never);
      });
      child!.once('exit', (code) => reject(new Error(`interlock sandbox exited ${code}: ${out}${err}`)));
    });
    const servicenow = ready.integrations.find((i) => i.name === 'servicenow-incidents')!.mock;
    const api = async <T>(p: string, method = 'GET'): Promise<T> => {
      const res = await fetch(ready.runtime.url + p, { method, headers: { authorization: `Bearer ${ready.runtime.token}` } });
      if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const run = async (job: string) => {
      const r = await api<{ outcome: string; error?: string }>(`/v1/jobs/${job}/run`, 'POST');
      expect(r, JSON.stringify(r)).toMatchObject({ outcome: 'succeeded' });
    };
    const pulls = () => github!.state.repo(REPO).issues.filter((i) => i.pull);
    const writes = () => github!.requests.filter((r) => r.method !== 'GET').length;

    // The vendor still publishes what is committed: nothing to propose.
    await run('vendor-spec:all');
    expect(pulls()).toEqual([]);
    expect(writes()).toBe(0);

    // The vendor drops getIncident, which servicenow-incidents uses.
    const changed = publishedWithout('getIncident');
    expect((await fetch(`${servicenow}/__interlock/spec`, { method: 'PUT', body: changed })).status).toBe(204);
    await run('vendor-spec:all');
    expect(pulls()).toHaveLength(1);
    const [pr] = pulls();
    expect(pr.title).toContain('servicenow-table-api');
    expect(pr.body).toContain('api-removed-without-deprecation');
    expect(pr.body).toContain('GET /api/now/table/incident/{sys_id}');
    expect(pr.pull?.head.ref).toBe('interlock/vendor-spec/servicenow-table-api');
    const files = github.state.repo(REPO).files;
    expect(files.get('interlock/vendor-spec/servicenow-table-api:contracts/servicenow/table-api.openapi.yaml')).toBe(changed);
    const manifest = files.get('interlock/vendor-spec/servicenow-table-api:contracts/servicenow/table-api.contract.yaml');
    expect((parse(manifest!) as { spec: { upstream: { sha256: string } } }).spec.upstream.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest).toContain('# Where ServiceNow publishes this description');
    const [seen] = (await api<{ contracts: { contract: string; hash: string; error: string | null; findings: { operationId?: string }[]; pullRequest: { number: number; hash: string } }[] }>('/v1/vendor-specs')).contracts;
    expect(seen).toMatchObject({ contract: 'servicenow-table-api', error: null, findings: [{ operationId: 'getIncident' }], pullRequest: { number: pr.number, hash: seen.hash } });

    // The same description checked again: no second pull request, nothing written on GitHub.
    const before = writes();
    await run('vendor-spec:all');
    expect(pulls()).toHaveLength(1);
    expect(writes()).toBe(before);

    // The monitor raises one Sev-2 alert naming the pull request, and the trust score loses its drift points.
    await run('monitor:all');
    const open = (await api<{ alerts: AlertView[] }>('/v1/alerts?status=open')).alerts.filter((a) => a.rule === 'vendor-spec-drift');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ severity: 'sev-2', integration: 'servicenow-incidents' });
    expect(open[0].summary).toContain(pr.html_url);
    const trust = (await api<{ integrations: TrustView[] }>('/v1/trust')).integrations.find((i) => i.integration === 'servicenow-incidents')!;
    expect(trust.penalties.find((p) => p.factor === 'drift')).toMatchObject({ points: 10 });

    // A further change while the pull request is open updates it instead of opening another.
    const again = publishedWithout('getIncident', 'updateIncident');
    await fetch(`${servicenow}/__interlock/spec`, { method: 'PUT', body: again });
    await run('vendor-spec:all');
    expect(pulls()).toHaveLength(1);
    expect(pulls()[0].body).toContain('PATCH /api/now/table/incident/{sys_id}');
    expect(files.get('interlock/vendor-spec/servicenow-table-api:contracts/servicenow/table-api.openapi.yaml')).toBe(again);
    // The token reached GitHub and nothing else: every request carried it.
    expect(github.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);

    child.kill('SIGTERM');
    await new Promise((resolve) => child!.once('exit', resolve));
  }, 240_000);
});
