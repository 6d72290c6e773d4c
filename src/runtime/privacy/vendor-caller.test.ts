import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationInput } from './operation-input.js';
import { transportCaller, type CallTarget } from './vendor-caller.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A vendor on loopback that records each request and answers 200 `{}`. */
let server: Server;
let baseUrl: string;
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A Swagger 2.0 description: its request body is an `in: body` parameter and its parameters are `$ref`s. */
const swagger2 = {
  swagger: '2.0',
  info: { title: 'Legacy CRM', version: '1' },
  consumes: ['application/json'],
  parameters: { Subject: { name: 'subjectId', in: 'path', required: true, type: 'string' } },
  paths: {
    '/subjects/{subjectId}/erase': {
      parameters: [{ $ref: '#/parameters/Subject' }],
      post: {
        operationId: 'eraseSubject',
        parameters: [
          { name: 'X-Tenant', in: 'header', type: 'string' },
          { name: 'payload', in: 'body', required: true, schema: { type: 'object', properties: { reason: { type: 'string' } } } },
        ],
        responses: { '200': { description: 'erased' } },
      },
    },
  },
};

function target(): CallTarget {
  return {
    integration: 'legacy-crm',
    spec: { vendor: 'legacy', endpoint: { baseUrl, localTesting: true }, auth: { type: 'none' } },
    contract: { name: 'legacy-crm-api', spec: {} },
  };
}

describe('transportCaller (erasure steps reach the vendor)', () => {
  it('reads the operation through the contract model (a Swagger 2.0 body parameter is the JSON body) and sorts the mapping as actions do (header names in any case)', async () => {
    const caller = transportCaller({ secrets: () => undefined, contractDocument: async () => swagger2 });
    try {
      const answer = await caller.call(target(), 'eraseSubject', (op) => operationInput(op, { subjectId: '{{subject.value}}', 'x-tenant': 'eu-1', reason: 'gdpr-17' }, { subject: { value: 'c-42' } }), { idempotencyKey: 'req-1:erase' });
      expect(answer).toMatchObject({ ok: true, method: 'POST', path: '/subjects/{subjectId}/erase' });
      const request = received.at(-1)!;
      expect([request.method, request.url]).toEqual(['POST', '/subjects/c-42/erase']);
      expect(request.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(request.body)).toEqual({ reason: 'gdpr-17' });
      expect(request.headers['x-tenant']).toBe('eu-1');
      expect(request.headers['idempotency-key']).toBe('req-1:erase');
    } finally {
      caller.close();
    }
  });

  it('names an operation the contract does not have, without calling the vendor', async () => {
    const caller = transportCaller({ secrets: () => undefined, contractDocument: async () => swagger2 });
    const before = received.length;
    try {
      const answer = await caller.call(target(), 'forgetSubject', () => ({}), { idempotencyKey: 'req-2:erase' });
      expect(answer).toMatchObject({ ok: false, error: 'operation forgetSubject is not in the contract legacy-crm-api' });
      expect(received.length).toBe(before);
    } finally {
      caller.close();
    }
  });

  it('goes through the egress guard as action calls do: plain http to loopback without localTesting, and the cloud metadata address, are refused; nothing is sent', async () => {
    const caller = transportCaller({ secrets: () => undefined, contractDocument: async () => swagger2 });
    const before = received.length;
    try {
      const guarded = { ...target(), spec: { vendor: 'legacy', endpoint: { baseUrl }, auth: { type: 'none' } } };
      const answer = await caller.call(guarded, 'eraseSubject', (op) => operationInput(op, { subjectId: '{{subject.value}}', reason: 'gdpr-17' }, { subject: { value: 'c-43' } }), { idempotencyKey: 'req-3:erase' });
      expect(answer).toMatchObject({ ok: false, status: null, method: 'POST' });
      expect(answer.ok ? '' : answer.error).toMatch(/^refused by the egress guard/);
      const metadata = { ...target(), spec: { vendor: 'legacy', endpoint: { baseUrl: 'https://169.254.169.254/latest' }, auth: { type: 'none' } } };
      const refused = await caller.call(metadata, 'eraseSubject', (op) => operationInput(op, { subjectId: 'x', reason: 'gdpr-17' }, { subject: { value: 'x' } }), { idempotencyKey: 'req-4:erase' });
      expect(refused.ok ? '' : refused.error).toMatch(/^refused by the egress guard: 169\.254\.169\.254 resolves to 169\.254\.169\.254 \(link-local\)/);
      expect(received.length).toBe(before);
    } finally {
      caller.close();
    }
  });

});
