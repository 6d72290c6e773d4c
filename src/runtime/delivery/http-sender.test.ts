import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendWebhook } from './http-sender.js';

let server: http.Server;
let port = 0;
const seen: { host?: string; body: string; sig?: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ host: req.headers.host, body, sig: req.headers['webhook-signature'] as string });
      if (req.url === '/slow') return; // never answers
      if (req.url === '/busy') {
        res.writeHead(429, { 'retry-after': '7' }).end();
        return;
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const target = (path: string) => ({ url: new URL(`http://hooks.test:${port}${path}`), address: '127.0.0.1', family: 4 as const });

describe('HTTP sender', () => {
  it('connects to the pinned address while keeping the URL host', async () => {
    const r = await sendWebhook({ target: target('/ok'), headers: { 'webhook-signature': 'v1,x' }, body: '{"a":1}', timeoutMs: 2000 });
    expect(r.status).toBe(204);
    expect(seen.at(-1)).toEqual({ host: `hooks.test:${port}`, body: '{"a":1}', sig: 'v1,x' });
  });
  it('reports Retry-After', async () => {
    expect(await sendWebhook({ target: target('/busy'), headers: {}, body: '{}', timeoutMs: 2000 })).toMatchObject({ status: 429, retryAfter: '7' });
  });
  it('times out', async () => {
    const r = await sendWebhook({ target: target('/slow'), headers: {}, body: '{}', timeoutMs: 150 });
    expect(r.status).toBeNull();
    expect(r.error).toMatch(/timed out/);
  });
  it('reports a refused connection', async () => {
    const r = await sendWebhook({ target: { url: new URL('http://x.test:1/'), address: '127.0.0.1', family: 4 }, headers: {}, body: '{}', timeoutMs: 1000 });
    expect(r.status).toBeNull();
    expect(r.error).toMatch(/ECONNREFUSED/);
  });
});
