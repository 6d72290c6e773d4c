import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import type { RecordedRequest } from '../src/mock/index.js';
import { RuntimeClient } from '../src/runtime-client/client.js';

/**
 * `interlock sandbox` as a user runs it: the built CLI in a child process on this repository's example
 * workspace. An event sent to the runtime reaches the mocks of exactly the integrations that subscribe to
 * it and deliver events, signed; Ctrl-C (SIGTERM) stops everything and removes the temporary store.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Ready {
  ready: true;
  environment: string;
  runtime: { url: string; token: string };
  dataDir: string;
  staleRemoved: string[];
  vault: string;
  integrations: { name: string; mock: string; endpoint: string; tokenUrl?: string; delivery?: string; subscribe: string[] }[];
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

/** Starts `interlock sandbox --format json --port 0` and resolves with its ready line. */
async function startSandboxProcess(env: NodeJS.ProcessEnv = process.env): Promise<{ ready: Ready; child: ChildProcess; stderr(): string; stop(): Promise<{ code: number | null; stdout: string }> }> {
  const child = spawn(process.execPath, [path.join(root, 'bin/interlock.js'), 'sandbox', '--port', '0', '--format', 'json'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => void (err += c.toString()));
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve(JSON.parse(line) as Ready);
    });
    child.once('exit', (code) => reject(new Error(`interlock sandbox exited ${code}: ${out}${err}`)));
  });
  return {
    ready,
    child,
    stderr: () => err,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => resolve({ code, stdout: out }));
        child.kill('SIGTERM');
      }),
  };
}

async function recorded(mock: string): Promise<RecordedRequest[]> {
  return ((await (await fetch(`${mock}/__interlock/requests`)).json()) as { requests: RecordedRequest[] }).requests;
}

/** Polls until `probe` returns a value (a condition, not a duration; the timeout is only a safety net). */
async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('interlock sandbox on the example workspace', () => {
  it('an event sent to the runtime reaches the mocks of the subscribed integrations; SIGTERM cleans up', async () => {
    const sandbox = await startSandboxProcess();
    const { ready } = sandbox;
    expect(ready.environment).toBe('sandbox');
    expect(existsSync(ready.dataDir)).toBe(true);
    const byName = new Map(ready.integrations.map((i) => [i.name, i]));
    expect(byName.size).toBe(11);
    for (const i of ready.integrations) {
      expect(i.mock).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(i.endpoint.startsWith(i.mock)).toBe(true);
    }
    const servicenow = byName.get('servicenow-incidents')!;
    const salesforce = byName.get('salesforce-crm-sync')!;
    expect(servicenow.delivery).toBe(`${servicenow.mock}/api/x_nwl_interlock/v1/events`);

    const client = new RuntimeClient({ url: ready.runtime.url, token: ready.runtime.token });
    const exception = await client.sendEvent({ type: 'shipment.exception.delayed', data: { shipmentNumber: 'NW-1001', hub: 'RTM', reason: 'customs hold', internal: 'dropped by the transform' } });
    expect(exception.deliveries.map((d) => d.integration)).toEqual(['servicenow-incidents']);
    const customer = await client.sendEvent({ type: 'customer.created', data: { id: 'C-1', name: 'Ada' } });
    expect(customer.deliveries.map((d) => d.integration)).toEqual(['salesforce-crm-sync']);

    const atServicenow = await until(async () => (await recorded(servicenow.mock)).find((r) => r.receiver), 'the ServiceNow mock to record the delivery');
    expect(atServicenow).toMatchObject({ method: 'POST', path: '/api/x_nwl_interlock/v1/events', status: 204, signature: 'valid', body: { type: 'shipment.exception.delayed', data: { shipmentNumber: 'NW-1001', hub: 'RTM', reason: 'customs hold', correlation_display: 'interlock' } } });
    expect(atServicenow.headers['webhook-id']).toBe(exception.deliveries[0].id);
    expect(atServicenow.headers['webhook-signature']).toMatch(/^v1,/);
    const atSalesforce = await until(async () => (await recorded(salesforce.mock)).find((r) => r.receiver), 'the Salesforce mock to record the delivery');
    expect(atSalesforce).toMatchObject({ path: '/services/apexrest/interlock/v1/events', body: { type: 'customer.created' } });
    // The runtime saw both deliveries succeed against the mocks.
    await until(async () => ((await client.listDeliveries({ status: 'delivered' })).deliveries.length === 2 ? true : undefined), 'both deliveries to be delivered');
    // An OAuth2 connector gets a (made-up) token from its mock's token endpoint.
    expect(servicenow.tokenUrl).toBe(`${servicenow.mock}/oauth_token.do`);
    // The mocks check credentials as the vendor would: a token request without the client secret is refused.
    const token = await fetch(servicenow.tokenUrl!, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
    expect(token.status).toBe(401);
    expect((await recorded(servicenow.mock)).find((r) => r.path === '/oauth_token.do' && r.credentials === 'invalid')).toBeDefined();
    // Nothing reached an integration that does not subscribe to these types.
    expect(await recorded(byName.get('twilio-delivery-notifications')!.mock)).toEqual([]);

    // The runtime logged warnings and errors only (none here): no JSON line per request at the terminal.
    expect(sandbox.stderr()).toBe('');

    const stopped = await sandbox.stop();
    expect(stopped.code).toBe(0);
    expect(JSON.parse(stopped.stdout.trim().split('\n').at(-1)!)).toEqual({ stopped: 'SIGTERM', removed: ready.dataDir });
    expect(existsSync(ready.dataDir)).toBe(false);
  }, 240_000);
});

describe('interlock sandbox runs the actions of the example workspace (mocks of ServiceNow, Slack and Jira, the sandbox Vault on loopback)', () => {
  it('incident.created → createIncident, chat.postMessage and createIssue, each valid against its contract and authenticated with values from the Vault; the ServiceNow number comes back as ticket.created', async () => {
    const sandbox = await startSandboxProcess();
    const { ready } = sandbox;
    expect(ready.vault).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const byName = new Map(ready.integrations.map((i) => [i.name, i]));
    const client = new RuntimeClient({ url: ready.runtime.url, token: ready.runtime.token });
    const incident = await client.sendEvent({ type: 'incident.created', data: { summary: 'Parcel SHP-2026-02001 lost at RTM', shipmentNumber: 'SHP-2026-02001', hub: 'RTM' } });

    const expected = [
      ['servicenow-incidents', 'createIncident'],
      ['slack-ops-alerts', 'chat_postMessage'],
      ['jira-issue-sync', 'createIssue'],
    ] as const;
    const calls = await until(async () => {
      const list = await client.listActionCalls({ event: incident.eventId });
      return list.length === 3 && list.every((c) => c.status !== 'pending') ? list : undefined;
    }, 'the three calls of incident.created');
    expect(calls.map((c) => [c.integration, c.operation, c.status, c.lastError]).sort()).toEqual(expected.map(([i, o]) => [i, o, 'succeeded', null]).sort());

    const sent: Record<string, RecordedRequest> = {};
    for (const [integration, operation] of expected) {
      const requests = (await recorded(byName.get(integration)!.mock)).filter((r) => r.operation === operation);
      expect(requests.length, integration).toBeGreaterThanOrEqual(1);
      // Valid against the contract, and carrying the credentials the sandbox's Vault holds for the integration.
      for (const r of requests) expect([integration, r.validation.valid, r.credentials, r.status < 300], JSON.stringify(r.validation.errors)).toEqual([integration, true, 'valid', true]);
      sent[integration] = requests[0];
    }
    expect(sent['servicenow-incidents'].body).toMatchObject({ short_description: 'Parcel SHP-2026-02001 lost at RTM', correlation_id: 'SHP-2026-02001', u_shipment_number: 'SHP-2026-02001' });
    expect(sent['jira-issue-sync'].body).toMatchObject({ fields: { project: { key: 'OPS' }, summary: 'Parcel SHP-2026-02001 lost at RTM', labels: ['interlock'] } });
    expect(sent['slack-ops-alerts'].body).toMatchObject({ channel: 'C0795HX2Q3Z', text: 'Incident opened for shipment SHP-2026-02001: Parcel SHP-2026-02001 lost at RTM' });
    // ServiceNow's OAuth token came from its token endpoint with the client secret from the Vault.
    expect((await recorded(byName.get('servicenow-incidents')!.mock)).filter((r) => r.tokenRequest).map((r) => r.credentials)).toContain('valid');

    // The ServiceNow number comes back as ticket.created, which Slack's second action posts.
    const fromServicenow = calls.find((c) => c.integration === 'servicenow-incidents')!;
    expect(fromServicenow.emittedEventId).toMatch(/^evt_/);
    const followUp = await until(async () => {
      const list = await client.listActionCalls({ event: fromServicenow.emittedEventId! });
      return list.length === 1 && list[0].status === 'succeeded' ? list[0] : undefined;
    }, 'Slack to post the ServiceNow ticket');
    expect([followUp.integration, followUp.operation]).toEqual(['slack-ops-alerts', 'chat_postMessage']);
    const posts = (await recorded(byName.get('slack-ops-alerts')!.mock)).filter((r) => r.operation === 'chat_postMessage').map((r) => (r.body as { text: string }).text);
    const ticket = posts.find((t) => t.startsWith('Opened servicenow ticket '));
    expect(ticket).toMatch(new RegExp(`^Opened servicenow ticket \\S+ for incident ${incident.eventId}$`));

    const stopped = await sandbox.stop();
    expect(stopped.code).toBe(0);
  }, 240_000);
});

describe('interlock sandbox refuses bad input with exit 2', () => {
  const io = (cwd = root) => {
    let stdout = '';
    let stderr = '';
    return { io: { stdout: { write: (s: string) => void (stdout += s) }, stderr: { write: (s: string) => void (stderr += s) }, env: {}, cwd }, out: () => stdout, err: () => stderr };
  };

  it('a busy port, named', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      // A child process: the sandbox serves GraphQL contracts, whose module vitest would load twice in-process.
      const child = spawn(process.execPath, [path.join(root, 'bin/interlock.js'), 'sandbox', '--port', String(port)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let err = '';
      child.stderr!.on('data', (c: Buffer) => void (err += c.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(2);
      expect(err).toContain(`port ${port} on 127.0.0.1 is already in use`);
      expect(err).not.toContain('    at ');
    } finally {
      blocker.close();
    }
  }, 120_000);

  it('a sandbox killed with SIGKILL leaves its folder; the next sandbox removes it (its owner is gone), not its own', async () => {
    // A temp root of this test's own (TMPDIR), so that other sandboxes on the machine are not involved.
    const tempRoot = mkdtempSync(path.join(tmpdir(), 'interlock-sandbox-root-'));
    try {
      const env = { ...process.env, TMPDIR: tempRoot };
      const first = await startSandboxProcess(env);
      expect(path.dirname(first.ready.dataDir)).toBe(tempRoot);
      first.child.kill('SIGKILL');
      await new Promise((resolve) => (first.child.exitCode !== null || first.child.signalCode !== null ? resolve(null) : first.child.once('exit', resolve)));
      expect(existsSync(first.ready.dataDir)).toBe(true);
      const second = await startSandboxProcess(env);
      expect(second.ready.staleRemoved).toEqual([first.ready.dataDir]);
      expect(existsSync(first.ready.dataDir)).toBe(false);
      expect(existsSync(second.ready.dataDir)).toBe(true);
      expect((await second.stop()).code).toBe(0);
      expect(existsSync(second.ready.dataDir)).toBe(false);
    } finally {
      rmSync(tempRoot, { recursive: true, force: true });
    }
  }, 240_000);

  it('a workspace directory that does not exist', async () => {
    const t = io();
    expect(await run(['sandbox', '--workspace', 'no/such/workspace'], t.io)).toBe(2);
    expect(t.err()).toContain('--workspace no/such/workspace: no such directory');
  });

  it('a directory that is no workspace', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'interlock-not-a-workspace-'));
    try {
      const t = io(empty);
      expect(await run(['sandbox'], t.io)).toBe(2);
      expect(t.err()).toContain(`no Interlock workspace found in ${empty}`);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
