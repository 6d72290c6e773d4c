import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import type { StateSnapshot } from '../src/runtime/model.js';
import { FAST_RETRY, newWebhookSecret } from './support/delivery-fixtures.js';
import { startRuntime, type RunningRuntime } from '../src/runtime/start.js';
import { freshLocation, type TestLocation } from './support/stores.js';
import { startFakeGitHub, type FakeGitHub } from './fakes/github-server.js';

/**
 * Issue 8's rollback to git, end to end: a real runtime (embedded store, event delivery with a fast retry
 * schedule) delivers to a receiver on loopback that answers 200 on the stable version's path and 500 on
 * the canary's. `interlock apply` of the commit that moves the delivery URL to the failing path runs the
 * canary on the runtime's delivery lever while events flow, rolls it back, keeps the old spec, and opens
 * the incident issue and the revert pull request on the fake GitHub API.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INTEGRATION = 'incident-hooks';
const FILE = `integrations/acme-itsm/${INTEGRATION}.yaml`;
const REPO = 'northwind/ws';

let ws: string;
let location: TestLocation;
let runtime: RunningRuntime;
let gh: FakeGitHub;
let receiver: http.Server;
let receiverUrl: string;
let operator: string;
const secret = newWebhookSecret();
/** Every request the receiver got: path and Standard Webhooks message id. */
const received: { path: string; id: string }[] = [];

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

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(ws, file)), { recursive: true });
  writeFileSync(path.join(ws, file), text);
}

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run([...args, '--cwd', ws], {
    cwd: ws,
    env: {
      ...process.env,
      INTERLOCK_RUNTIME_URL: runtime.url,
      INTERLOCK_TOKEN: operator,
      NO_COLOR: '1',
      GITHUB_TOKEN: 'test-token',
      GITHUB_REPOSITORY: REPO,
      GITHUB_API_URL: gh.url,
      GITHUB_REF_NAME: 'main',
    },
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  });
  expect(stderr).not.toMatch(/internal error|^\s+at .+:\d+:\d+\)?$/m);
  return { code, stdout, stderr };
}

async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(runtime.url + url, {
    method,
    headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return (await response.json()) as T;
}

const sendEvent = (n: number) => api<{ deliveries: { id: string }[] }>('POST', '/v1/events', { type: 'incident.created', data: { n } });

function integrationYaml(deliveryPath: string): string {
  return `apiVersion: interlock.dev/v1
kind: Integration
metadata:
  name: ${INTEGRATION}
spec:
  vendor: acme-itsm
  contract: { ref: acme-incidents, version: ^1.0.0 }
  direction: outbound
  endpoint:
    baseUrl: ${receiverUrl}
    localTesting: true
    timeoutMs: 60000
  auth: { type: none }
  events:
    subscribe: [incident.*]
    delivery:
      url: ${receiverUrl}${deliveryPath}
      secret: env:ACME_WEBHOOK_SECRET
      concurrency: 8
  rollout:
    strategy: canary
    steps: [10, 50, 100]
    maxErrorRate: 0.2
    window: 2s
`;
}

function writeWorkspace(): void {
  // A test environment: its integration delivers to a receiver on loopback (localTesting).
  write('interlock.yaml', 'environment: test\n');
  // This workspace is about canaries; its vendor's onboarding record is not (apply holds that gate).
  write(
    'policies/ruleset.yaml',
    `apiVersion: interlock.dev/v1
kind: Ruleset
metadata:
  name: canary-only
spec:
  rules:
    onboarding-gate: 'off'
`,
  );
  write(
    'integrations/acme-itsm/vendor.yaml',
    `apiVersion: interlock.dev/v1
kind: Vendor
metadata:
  name: acme-itsm
spec:
  legalName: Acme ITSM, Inc.
  riskTier: medium
  criteria: { dataSensitivity: internal, accessLevel: write, criticality: medium }
  dataLocations: [eu-central]
`,
  );
  write(
    'contracts/acme-itsm/incidents.contract.yaml',
    `apiVersion: interlock.dev/v1
kind: Contract
metadata:
  name: acme-incidents
spec:
  vendor: acme-itsm
  format: openapi
  source: incidents.openapi.yaml
  version: 1.2.0
`,
  );
  write(
    'contracts/acme-itsm/incidents.openapi.yaml',
    `openapi: 3.0.3
info: { title: Acme Incidents, version: '1.2' }
paths:
  /api/incidents:
    post:
      operationId: createIncident
      responses:
        '201': { description: Created }
`,
  );
  write(FILE, integrationYaml('/stable'));
}

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const url = req.url ?? '';
      received.push({ path: url, id: String(req.headers['webhook-id'] ?? '') });
      res.writeHead(url === '/stable' ? 200 : 500).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  gh = await startFakeGitHub();
  ws = mkdtempSync(path.join(tmpdir(), 'interlock-canary-e2e-'));
  writeWorkspace();
  git('init', '-q', '-b', 'main');
  commitAll('acme incident hooks');
  location = await freshLocation('embedded');
  runtime = await startRuntime({
    ...location.location,
    port: 0,
    // The package's access policy: operator may apply, send events and route canaries.
    workspace: root,
    delivery: { config: { retry: FAST_RETRY, pollMs: 50, secrets: (ref) => (ref === 'env:ACME_WEBHOOK_SECRET' ? secret : undefined) } },
  });
  operator = (await runtime.store.createToken('operator', new Date())).token;
});

afterAll(async () => {
  await runtime?.close();
  await location?.dispose();
  await gh?.close();
  receiver?.closeAllConnections();
  await new Promise((r) => receiver?.close(r));
  if (ws) rmSync(ws, { recursive: true, force: true });
});

describe('a canary whose receiver answers 500s, on the real runtime', () => {
  it('the first apply creates the integration directly and its events are delivered', async () => {
    const applied = await cli('apply', '--auto-approve');
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const sent = await sendEvent(0);
    expect(sent.deliveries).toHaveLength(1);
    await expect.poll(() => received.some((r) => r.id === sent.deliveries[0].id && r.path === '/stable'), { timeout: 45_000, interval: 20 }).toBe(true);
  });

  it('rolls back: the update is not applied, the canary is removed, the incident and revert pull request are opened', async () => {
    const before = readFileSync(path.join(ws, FILE), 'utf8');
    write(FILE, integrationYaml('/canary'));
    const bad = commitAll('acme: move incident hooks to the new receiver');
    const short = bad.slice(0, 12);
    const revisionBefore = (await api<StateSnapshot>('GET', '/v1/state')).revision;

    // Events keep flowing while the canary runs (about 100 a second, a few in flight at once).
    let sending = true;
    let n = 1;
    const loop = (async () => {
      while (sending) {
        await Promise.all([sendEvent(n++), sendEvent(n++)]);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    let applied: Awaited<ReturnType<typeof cli>>;
    try {
      applied = await cli('apply', '--auto-approve');
    } finally {
      sending = false;
      await loop;
    }

    expect(applied.code, applied.stdout + applied.stderr).toBe(1);
    expect(applied.stdout).toContain('apply/canary-rolled-back');
    expect(applied.stdout).toMatch(new RegExp(`Integration/${INTEGRATION}.*FAILED \\(canary-rolled-back\\)`));
    expect(applied.stderr).toContain(`canary Integration/${INTEGRATION}: steps 10/50/100%, window 2s, max error rate 0.2`);
    // Rolled back on the evidence of the failures (the report says at which share), not by promotion.
    expect(applied.stdout).toMatch(/error rate \d+\.\d% > 20\.0% at (10|50|100)%/);

    // The runtime keeps the previous version and no canary is routed any more.
    const state = await api<StateSnapshot>('GET', '/v1/state');
    expect(state.revision).toBe(revisionBefore);
    const integration = state.resources.find((r) => r.kind === 'Integration' && r.name === INTEGRATION)!;
    expect((integration.spec.events as { delivery: { url: string } }).delivery.url).toBe(`${receiverUrl}/stable`);
    expect((await api<{ canaries: unknown[] }>('GET', '/v1/deliveries/canaries')).canaries).toEqual([]);

    // The canary really got a share of the events, through the runtime, and failed them.
    const stats = await api<{ variants: { stable: { attempts: number; failures: number }; canary: { attempts: number; failures: number } } }>(
      'GET',
      `/v1/deliveries/stats?integration=${INTEGRATION}&window=1m`,
    );
    expect(stats.variants.canary.attempts).toBeGreaterThanOrEqual(20);
    expect(stats.variants.canary.failures).toBe(stats.variants.canary.attempts);
    expect(stats.variants.stable.failures).toBe(0);
    expect(received.some((r) => r.path === '/canary')).toBe(true);

    // After the rollback every event goes to the stable version again.
    const after = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => sendEvent(10_000 + i)));
    const ids = new Set(after.flatMap((e) => e.deliveries.map((d) => d.id)));
    expect(ids.size).toBe(10);
    await expect.poll(() => received.filter((r) => ids.has(r.id) && r.path === '/stable').length, { timeout: 45_000, interval: 20 }).toBe(10);
    expect(received.filter((r) => ids.has(r.id) && r.path !== '/stable')).toEqual([]);

    // Git stays the truth: one incident issue and the revert of the bad commit as a branch and pull request.
    const repo = gh.state.repo(REPO);
    const issues = repo.issues.filter((i) => !i.pull);
    expect(issues.map((i) => i.title)).toEqual([`Canary of Integration/${INTEGRATION} rolled back (${short})`]);
    expect(issues[0].body).toContain(`\`Integration/${INTEGRATION}\``);
    expect(issues[0].body).toContain(bad);
    expect(issues[0].labels.map((l) => l.name)).toEqual(['incident', 'interlock/rollback']);
    const pulls = repo.issues.filter((i) => i.pull);
    expect(pulls).toHaveLength(1);
    expect(pulls[0].pull?.head.ref).toBe(`interlock/revert-${short}`);
    expect(pulls[0].pull?.base.ref).toBe('main');
    expect(repo.refs.has(`refs/heads/interlock/revert-${short}`)).toBe(true);
    expect(repo.files.get(`interlock/revert-${short}:${FILE}`)).toBe(before);
    expect(applied.stdout).toContain(`${gh.url}`);
  });
});
