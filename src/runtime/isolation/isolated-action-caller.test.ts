import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionCallRequest } from '../actions/caller.js';
import { IsolatedActionCaller } from './isolated-action-caller.js';
import { IsolationPool } from './pool.js';
import { isolationFile } from './worker-files.js';

const fixture = (mode: string) => {
  const url = new URL('./__fixtures__/misbehaving-connector.mjs', import.meta.url);
  url.searchParams.set('mode', mode);
  url.searchParams.set('builtin', isolationFile('builtin-connector').href);
  return url.href;
};

describe('action calls through the integration worker (the ActionCaller seam; worker from dist/: npm run build)', () => {
  let server: http.Server;
  let baseUrl: string;
  const seen: { path: string; key: string | undefined; body: string }[] = [];
  let pool: IsolationPool;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ path: req.url ?? '', key: req.headers['x-api-key'] as string | undefined, body });
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ result: { number: 'INC0010001' } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
    pool = new IsolationPool({
      moduleFor: (i) => (i === 'acme-loop' ? fixture('loop') : undefined),
      secret: async (_integration, ref) => (ref === 'env:ACME_KEY' ? { ok: true, value: 'k-123' } : { ok: false, error: `secret ${ref}: not set` }),
    });
  });
  afterAll(async () => {
    await pool?.close();
    await new Promise((r) => server?.close(r));
  });

  const request = (integration: string, attempt: number, keyRef = 'env:ACME_KEY'): ActionCallRequest => ({
    callId: `call-${integration}-${attempt}`,
    attempt,
    integration,
    spec: { vendor: 'acme', endpoint: { baseUrl, localTesting: true, timeoutMs: 1000 }, auth: { type: 'apiKey', in: 'header', name: 'X-Api-Key', value: keyRef } },
    operation: { operationId: 'createIncident', method: 'POST', path: '/incidents', params: [], body: { contentType: 'application/json', required: true } },
    input: { body: { short_description: 'disk full' } },
  });

  it('calls the vendor with the secret the runtime resolved, and answers status and body', async () => {
    const caller = new IsolatedActionCaller(pool, []);
    const result = await caller.callOperation(request('acme', 1));
    expect([result.status, result.body, result.error]).toEqual([201, { result: { number: 'INC0010001' } }, undefined]);
    expect(seen.at(-1)).toEqual({ path: '/api/incidents', key: 'k-123', body: JSON.stringify({ short_description: 'disk full' }) });
  });

  it('an unresolvable secret is a failed call naming the reference', async () => {
    const result = await new IsolatedActionCaller(pool, []).callOperation(request('acme', 1, 'env:MISSING'));
    expect([result.status, result.error]).toEqual([null, 'secret env:MISSING: not set']);
  });

  it('a connector that loops fails the call (its worker terminated); the retry runs in a fresh worker', async () => {
    const caller = new IsolatedActionCaller(pool, []);
    const first = await caller.callOperation(request('acme-loop', 1));
    expect([first.status, first.error]).toEqual([null, 'connector timeout: callOperation did not answer within 3000 ms; worker terminated']);
    const second = await caller.callOperation(request('acme-loop', 2));
    expect(second.status).toBe(201);
    expect(pool.stats().find((s) => s.integration === 'acme-loop')).toMatchObject({ starts: 2, failures: { timeout: 1 } });
  });
});
