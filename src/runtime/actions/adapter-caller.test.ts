import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AdapterActionCaller } from './adapter-caller.js';
import type { ActionCallRequest } from './caller.js';

describe('AdapterActionCaller with two tenants applying one integration name (a small HTTP server on loopback)', () => {
  const servers: ReturnType<typeof createServer>[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });

  it("keeps each tenant's transport: the other tenant's call does not close a request in flight", async () => {
    const held: ServerResponse[] = [];
    let arrived!: () => void;
    const first = new Promise<void>((r) => (arrived = r));
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      if (req.url!.startsWith('/a/')) {
        held.push(res);
        arrived();
      } else res.writeHead(201, { 'content-type': 'application/json' }).end('{"tenant":"b"}');
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const caller = new AdapterActionCaller({ secrets: { resolve: async () => ({ ok: true, value: 'k' }) } as never });
    const request = (tenant: string): ActionCallRequest => ({
      callId: `${tenant}-1`,
      attempt: 1,
      integration: 'crm',
      tenant,
      spec: { endpoint: { baseUrl: `${base}/${tenant}`, localTesting: true, timeoutMs: 60_000 }, auth: { type: 'none' } },
      operation: { operationId: 'createThing', method: 'POST', path: '/things', params: [], body: { contentType: 'application/json', required: true } },
      input: { body: { x: 1 } },
    });
    const a = caller.callOperation(request('a'));
    await first;
    const b = await caller.callOperation(request('b'));
    expect([b.status, b.error]).toEqual([201, undefined]);
    // Only now does tenant a's vendor answer: its request must still be open.
    held[0].writeHead(201, { 'content-type': 'application/json' }).end('{"tenant":"a"}');
    const answered = await a;
    expect([answered.status, answered.error, answered.body]).toEqual([201, undefined, { tenant: 'a' }]);
    await caller.close();
  });
});
