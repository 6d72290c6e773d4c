import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshStore } from '../../../test/support/stores.js';
import { integrationSpec, putIntegration } from '../../../test/support/delivery-fixtures.js';
import { startDelivery, type DeliveryService } from '../delivery/service.js';
import type { Resolver } from '../delivery/ssrf-guard.js';
import { callSlack } from './slack-client.js';

/**
 * Approval messages go through the egress guard with the runtime's DNS: a Slack endpoint whose name
 * resolves to the cloud metadata address is refused before anything is sent, and an allowed one is
 * reached at the address the guard approved (the names below exist only in the test's resolver).
 */
describe('Slack approval messages through the egress guard', () => {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, channel: 'C1', ts: '1700000000.000100' }));
    });
  });
  let port = 0;
  const names: Record<string, string> = { 'metadata.slack.test': '169.254.169.254', 'loopback.slack.test': '127.0.0.1' };
  const resolve: Resolver = async (host) => {
    if (!names[host]) throw new Error(`${host} is not in the test resolver`);
    return [{ address: names[host], family: 4 }];
  };
  let delivery: DeliveryService;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    const fresh = await freshStore('embedded');
    delivery = await startDelivery({ store: fresh.store, workers: false, resolve, config: { secrets: (ref) => (ref === 'env:SLACK_BOT' ? 'Bearer xoxb-test' : undefined) } });
    const slack = (baseUrl: string, localTesting: boolean) => ({
      ...integrationSpec('https://unused.example/x', { subscribe: [] }),
      vendor: 'slack',
      endpoint: { baseUrl, localTesting, timeoutMs: 30_000 },
      auth: { type: 'apiKey', in: 'header', name: 'Authorization', value: 'env:SLACK_BOT' },
    });
    await putIntegration(fresh.store, 'slack-metadata', slack('https://metadata.slack.test/api', false));
    await putIntegration(fresh.store, 'slack-loopback', slack(`http://loopback.slack.test:${port}/api`, true));
    dispose = async () => {
      await delivery.close();
      await fresh.dispose();
    };
  }, 120_000);
  afterAll(async () => {
    await dispose?.();
    await new Promise((r) => server.close(r));
  });

  it('refuses a Slack endpoint resolving to the link-local metadata address, sending nothing', async () => {
    const answer = await callSlack(delivery, 'slack-metadata', 'chat.postMessage', { channel: 'C1', text: 'approve?' });
    expect(answer).toEqual({ ok: false, error: 'refused by the egress guard: metadata.slack.test resolves to 169.254.169.254 (link-local)' });
    expect(received).toEqual([]);
  });

  it('connects to the address the guard approved (no second lookup)', async () => {
    const answer = await callSlack(delivery, 'slack-loopback', 'chat.postMessage', { channel: 'C1', text: 'approve?' });
    expect(answer).toEqual({ ok: true, channel: 'C1', ts: '1700000000.000100' });
    expect(received).toEqual(['POST /api/chat.postMessage Bearer xoxb-test']);
  });
});
