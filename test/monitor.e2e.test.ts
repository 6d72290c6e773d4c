import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { AlertView, TrustView } from '../src/core/monitor-api.js';
import type { RecordedRequest } from '../src/mock/index.js';

/**
 * Monitoring end to end in `interlock sandbox` on the example workspace (the built CLI in a child process,
 * every vendor a validating mock on loopback): the ServiceNow mock starts answering event deliveries with
 * 500, the monitor job lowers the connector's trust score and raises one Sev-2 alert posted to the Slack
 * mock through slack-ops-alerts' chat.postMessage; when the mock recovers the alert resolves (posted too).
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Ready {
  runtime: { url: string; token: string };
  integrations: { name: string; mock: string }[];
}

let child: ChildProcess | undefined;
afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('monitoring in the sandbox', () => {
  it('a mock answering 500 lowers the trust score and raises one Sev-2 alert routed to Slack; recovery resolves it', async () => {
    child = spawn(process.execPath, [path.join(root, 'bin/interlock.js'), 'sandbox', '--port', '0', '--format', 'json'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, INTERLOCK_LOG_LEVEL: 'warn' } });
    let out = '';
    let err = '';
    child.stderr!.on('data', (c: Buffer) => void (err += c.toString()));
    const ready = await new Promise<Ready>((resolve, reject) => {
      child!.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]) as Ready);
      });
      child!.once('exit', (code) => reject(new Error(`interlock sandbox exited ${code}: ${out}${err}`)));
    });
    const mocks = new Map(ready.integrations.map((i) => [i.name, i.mock]));
    const servicenow = mocks.get('servicenow-incidents')!;
    const slack = mocks.get('slack-ops-alerts')!;
    const api = async <T>(p: string, method = 'GET', body?: unknown): Promise<T> => {
      const res = await fetch(ready.runtime.url + p, { method, headers: { authorization: `Bearer ${ready.runtime.token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const send = (n: number) => api<{ deliveries: { id: string }[] }>('/v1/events', 'POST', { type: 'shipment.exception.delayed', data: { shipmentNumber: `NW-${n}`, hub: 'RTM', reason: 'customs hold' } });
    const attempts = async () => (await api<{ deliveries: { log: { status: number | null }[] }[] }>('/v1/deliveries?integration=servicenow-incidents&limit=100')).deliveries.flatMap((d) => d.log);
    const tick = () => api<{ outcome: string }>('/v1/jobs/monitor:all/run', 'POST');
    const trust = async () => (await api<{ integrations: TrustView[] }>('/v1/trust')).integrations.find((i) => i.integration === 'servicenow-incidents')!;
    const alerts = async (status: string) => (await api<{ alerts: AlertView[] }>(`/v1/alerts?status=${status}`)).alerts.filter((a) => a.rule === 'sustained-5xx');
    const slackPosts = async () =>
      ((await (await fetch(`${slack}/__interlock/requests`)).json()) as { requests: RecordedRequest[] }).requests.filter((r) => r.path.endsWith('/chat.postMessage')).map((r) => (r.body as { text: string }).text);

    // Healthy: one delivery answered 204, score measured.
    await send(1);
    await until(async () => ((await attempts()).some((a) => a.status === 204) ? true : undefined), 'a delivered attempt');
    expect((await tick()).outcome).toBe('succeeded');
    const healthy = await trust();
    expect(healthy.inputs).toMatchObject({ attempts: 1, succeeded: 1, serverErrors: 0 });
    expect(await alerts('open')).toEqual([]);

    // The vendor starts failing.
    expect((await fetch(`${servicenow}/__interlock/faults`, { method: 'PUT', body: JSON.stringify({ errorRate: 1 }) })).status).toBe(200);
    for (let n = 2; n <= 5; n++) await send(n);
    await until(async () => ((await attempts()).filter((a) => a.status === 500).length >= 4 ? true : undefined), 'four attempts answered 500');
    await tick();
    const down = await trust();
    expect(down.inputs).toMatchObject({ succeeded: 1 });
    expect(down.inputs.serverErrors).toBeGreaterThanOrEqual(4);
    expect(down.score).toBeLessThan(healthy.score);
    expect(down.drop.map((d) => d.factor)).toEqual(expect.arrayContaining(['availability', 'error-rate']));
    const open = await alerts('open');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ severity: 'sev-2', integration: 'servicenow-incidents', status: 'open', routes: [{ integration: 'slack-ops-alerts', operation: 'chat_postMessage', event: 'opened', status: 200, ok: true }] });
    const posted = await slackPosts();
    expect(posted.filter((t) => t.includes(open[0].id))).toHaveLength(1);

    // Still failing on the next tick: the same alert, not a second one, and no second post.
    await tick();
    expect((await alerts('open')).map((a) => a.id)).toEqual([open[0].id]);
    expect((await slackPosts()).filter((t) => t.includes(open[0].id))).toHaveLength(1);

    // The vendor recovers: the next delivery is answered 204 and the alert resolves.
    await fetch(`${servicenow}/__interlock/faults`, { method: 'DELETE' });
    const recovered = await send(6);
    await until(async () => {
      const list = (await api<{ deliveries: { id: string; log: { status: number | null }[] }[] }>('/v1/deliveries?integration=servicenow-incidents&limit=100')).deliveries;
      return list.find((d) => d.id === recovered.deliveries[0].id)?.log.some((a) => a.status === 204) ? true : undefined;
    }, 'the delivery after recovery');
    await tick();
    expect(await alerts('open')).toEqual([]);
    const [resolved] = await alerts('resolved');
    expect(resolved).toMatchObject({ id: open[0].id, status: 'resolved' });
    expect(resolved.routes.map((r) => [r.event, r.ok])).toEqual([
      ['opened', true],
      ['resolved', true],
    ]);
    expect((await slackPosts()).filter((t) => t.includes(open[0].id))).toHaveLength(2);

    child.kill('SIGTERM');
    await new Promise((resolve) => child!.once('exit', resolve));
  }, 240_000);
});
