import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView } from '../../core/monitor-api.js';
import type { Resolver } from '../delivery/ssrf-guard.js';
import { postToSlack, type AlertChannel } from './slack-route.js';

const NOW = new Date('2026-11-10T12:00:00.000Z');
const ALERT = { id: 'alr_1', rule: 'sustained-5xx', severity: 'sev-2', summary: 'acme-crm answers 503' } as AlertView;

/**
 * Alert posts go through the egress guard as action calls do (the names below exist only in the test's
 * resolver): a Slack endpoint resolving to the cloud metadata address is refused and the refusal is the
 * route's result (kept on the alert); the runtime's allowed address classes are honoured.
 */
describe('alert posts to Slack through the egress guard', () => {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
    });
  });
  let port = 0;
  const names: Record<string, string> = { 'metadata.slack.test': '169.254.169.254', 'loopback.slack.test': '127.0.0.1', 'private.slack.test': '10.255.255.1' };
  const resolve: Resolver = async (host) => {
    if (!names[host]) throw new Error(`${host} is not in the test resolver`);
    return [{ address: names[host], family: 4 }];
  };
  const channel = (baseUrl: string, localTesting: boolean): AlertChannel => ({
    integration: 'slack-ops-alerts',
    spec: { endpoint: { baseUrl, localTesting }, uses: ['chat_postMessage'], actions: [{ call: 'chat_postMessage', with: { channel: 'C1' } }], auth: { type: 'none' } },
  });
  const post = (c: AlertChannel, allow: Parameters<typeof postToSlack>[4]['allow'] = [], timeoutMs = 30_000) => postToSlack(c, ALERT, 'opened', () => undefined, { allow, resolve }, NOW, timeoutMs);

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('refuses a Slack endpoint resolving to the link-local metadata address, sending nothing', async () => {
    const result = await post(channel('https://metadata.slack.test/api', false));
    expect(result).toEqual({ integration: 'slack-ops-alerts', operation: 'chat_postMessage', event: 'opened', at: NOW.toISOString(), status: null, ok: false, error: 'refused by the egress guard: metadata.slack.test resolves to 169.254.169.254 (link-local)' });
    expect(received).toEqual([]);
  });

  it('refuses a private address unless the runtime allows the class', async () => {
    const refused = await post(channel('https://private.slack.test/api', false));
    expect(refused.error).toBe('refused by the egress guard: private.slack.test resolves to 10.255.255.1 (private)');
    // Allowed: the guard lets it through (nothing listens there, so the post itself fails, quickly).
    const allowed = await post(channel('https://private.slack.test/api', false), ['private'], 500);
    expect(allowed.ok).toBe(false);
    expect(allowed.error).not.toMatch(/egress guard/);
    expect(received).toEqual([]);
  });

  it('posts to the address the guard approved (no second lookup)', async () => {
    const result = await post(channel(`http://loopback.slack.test:${port}/api`, true));
    expect(result).toMatchObject({ status: 200, ok: true });
    expect(received).toEqual(['POST /api/chat.postMessage']);
  });
});
