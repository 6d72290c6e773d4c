import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MockContract } from './contract.js';
import { parseFaults, seededRandom, type Faults } from './control/faults.js';
import { Recorder, redactBody, redactHeaders, type RecordedRequest } from './control/recorder.js';
import { GraphqlMock } from './graphql/handler.js';
import { BodyGenerator } from './openapi/body-generator.js';
import { handleOpenApi } from './openapi/handler.js';
import { matchRoute } from './openapi/routes.js';
import { ResourceState } from './openapi/state.js';
import { mockProblem } from './problem.js';
import type { MockReply, MockRequest } from './reply.js';

export interface MockOptions {
  /** Port on 127.0.0.1 (0 = any free one). */
  port?: number;
  host?: string;
  /** Seeds pattern strings, GraphQL scalars and error-rate draws (default 0). */
  seed?: number;
  /** Append every request as one NDJSON line to this file. */
  record?: string;
  faults?: Faults;
  /** Text served at `/__interlock/spec` instead of the contract (a vendor that changed its published spec). */
  publishedSpec?: string;
  /** Largest request body read, in bytes (default 10 MiB). */
  maxBodyBytes?: number;
  /**
   * Paths outside the contract where the mock takes event deliveries like a webhook receiver: a POST
   * there answers 204 and is recorded with `receiver: true` (`interlock sandbox` points each
   * integration's `events.delivery.url` here).
   */
  receivers?: readonly string[];
  /**
   * Paths outside the contract where the mock plays an OAuth 2.0 token endpoint: a POST there answers 200
   * with a made-up bearer token and is recorded with `tokenRequest: true`, its body (client credentials)
   * left out (`interlock sandbox` points each integration's `auth.tokenUrl` here).
   */
  tokenPaths?: readonly string[];
  /**
   * Checks a delivery taken at a receiver path (the sandbox verifies its Standard Webhooks signature):
   * `false` answers 401 and records `signature: 'invalid'`, `true` records `signature: 'valid'`.
   */
  checkDelivery?(delivery: { path: string; headers: IncomingMessage['headers']; body: Buffer }): boolean | Promise<boolean>;
  /**
   * Checks the credentials of a contract request or a token request, as the vendor would (the sandbox
   * compares them with the values its Vault holds): `false` answers 401 and records `credentials:
   * 'invalid'`, `true` records `credentials: 'valid'`. Event deliveries are judged by `checkDelivery`.
   */
  checkCredentials?(request: { path: string; headers: IncomingMessage['headers']; body: Buffer; tokenRequest: boolean }): boolean | Promise<boolean>;
}

/** The token a mock's token endpoint hands out: marked, never a real credential. */
export const MOCK_ACCESS_TOKEN = 'interlock-mock-access-token';

export interface RunningMock {
  url: string;
  port: number;
  contract: MockContract;
  requests(filter?: { method?: string; path?: string; operation?: string }): RecordedRequest[];
  clearRequests(): void;
  setFaults(faults: Faults): void;
  setPublishedSpec(text: string | undefined): void;
  close(): Promise<void>;
}

/** The prefix of the control endpoints; a contract path under it is shadowed (none of ours uses it). */
export const CONTROL_PREFIX = '/__interlock';

/**
 * Serves a contract on loopback. Every request is recorded — including paths the contract does not
 * have, such as signed webhook deliveries — so tests can assert what arrived. Control endpoints:
 * `GET|DELETE /__interlock/requests`, `GET|PUT|DELETE /__interlock/faults`,
 * `GET|PUT|DELETE /__interlock/spec`, `POST /__interlock/reset`, `GET /__interlock/health`.
 */
export async function startMock(contract: MockContract, options: MockOptions = {}): Promise<RunningMock> {
  const seed = options.seed ?? 0;
  const random = seededRandom(seed);
  const recorder = new Recorder(options.record);
  const state = new ResourceState();
  let faults: Faults = options.faults ?? {};
  let published = options.publishedSpec;
  const graphql = contract.format === 'graphql' ? new GraphqlMock(contract, seed) : undefined;
  const bodies = contract.format === 'openapi' ? new BodyGenerator(contract.document, contract.validator, seed) : undefined;
  const maxBody = options.maxBodyBytes ?? 10 * 1024 * 1024;
  const receivers = new Set(options.receivers ?? []);
  const tokenPaths = new Set(options.tokenPaths ?? []);

  const answer = async (req: MockRequest): Promise<MockReply> => {
    if (graphql) return graphql.handle(req, faults, random);
    return handleOpenApi({ contract: contract as Extract<MockContract, { format: 'openapi' }>, state, faults, random, bodies: bodies! }, req);
  };

  const control = (req: MockRequest, res: ServerResponse): void => {
    const route = req.path.slice(CONTROL_PREFIX.length);
    const send = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const bad = (detail: string) => send(400, mockProblem('invalid-control', 400, detail), 'application/problem+json');
    if (route === '/health' && req.method === 'GET') return send(200, { ready: true, contract: contract.file, format: contract.format, operations: contract.format === 'openapi' ? new Set(contract.routes.map((r) => r.id)).size : undefined });
    if (route === '/requests') {
      if (req.method === 'GET') return send(200, { requests: recorder.all({ method: req.query.get('method') ?? undefined, path: req.query.get('path') ?? undefined, operation: req.query.get('operation') ?? undefined }) });
      if (req.method === 'DELETE') {
        recorder.clear();
        res.writeHead(204).end();
        return;
      }
    }
    if (route === '/faults') {
      if (req.method === 'GET') return send(200, faults);
      if (req.method === 'DELETE') {
        faults = {};
        res.writeHead(204).end();
        return;
      }
      if (req.method === 'PUT') {
        let value: unknown;
        try {
          value = JSON.parse(req.body.toString('utf8'));
        } catch {
          return bad('the body is not valid JSON');
        }
        const parsed = parseFaults(value);
        if (!parsed.faults) return bad(parsed.error ?? 'invalid faults');
        faults = parsed.faults;
        return send(200, faults);
      }
    }
    if (route === '/spec') {
      if (req.method === 'GET') return send(200, published ?? contract.text, specMediaType(published ?? contract.text, contract.format));
      if (req.method === 'PUT') {
        if (req.body.length === 0) return bad('the body must be the spec text to publish');
        published = req.body.toString('utf8');
        res.writeHead(204).end();
        return;
      }
      if (req.method === 'DELETE') {
        published = undefined;
        res.writeHead(204).end();
        return;
      }
    }
    if (route === '/reset' && req.method === 'POST') {
      recorder.clear();
      state.clear();
      faults = {};
      published = options.publishedSpec;
      res.writeHead(204).end();
      return;
    }
    send(404, mockProblem('not-found', 404, `${req.method} ${req.path} is not a control endpoint`), 'application/problem+json');
  };

  const server: Server = createServer((raw, res) => {
    void serve(raw, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify(mockProblem('injected-error', 500, 'the mock failed to answer this request')));
    });
  });

  const serve = async (raw: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(raw.url ?? '/', 'http://mock.invalid');
    const body = await readBody(raw, maxBody);
    const req: MockRequest = { method: (raw.method ?? 'GET').toUpperCase(), path: url.pathname, query: url.searchParams, headers: raw.headers, body: body ?? Buffer.alloc(0) };
    if (req.path === CONTROL_PREFIX || req.path.startsWith(CONTROL_PREFIX + '/')) return control(req, res);
    let reply: MockReply;
    // A path the contract routes is the contract's: receivers and token paths only fill gaps.
    const extra = req.method === 'POST' && (receivers.has(req.path) || tokenPaths.has(req.path)) && !(contract.format === 'openapi' && matchRoute(contract.routes, 'POST', req.path).match);
    const received = extra && receivers.has(req.path);
    const tokenRequest = extra && !received && tokenPaths.has(req.path);
    let signature: 'valid' | 'invalid' | undefined;
    let credentials: 'valid' | 'invalid' | undefined;
    if (options.checkCredentials && body !== undefined && !received) {
      credentials = (await options.checkCredentials({ path: req.path, headers: raw.headers, body, tokenRequest })) ? 'valid' : 'invalid';
    }
    if (body === undefined) reply = { status: 413, headers: {}, contentType: 'application/problem+json', body: mockProblem('invalid-request', 413, `the body is larger than ${maxBody} bytes`), matched: false, validation: { valid: false, errors: [] } };
    else if (credentials === 'invalid') reply = { status: 401, headers: {}, contentType: 'application/problem+json', body: mockProblem('unauthorized', 401, 'the credentials do not match'), matched: false, validation: { valid: false, errors: [] } };
    else if (tokenRequest) reply = { status: 200, headers: { 'cache-control': 'no-store' }, contentType: 'application/json', body: { access_token: MOCK_ACCESS_TOKEN, token_type: 'Bearer', expires_in: 3600 }, matched: false, validation: { valid: true, errors: [], unchecked: ['OAuth 2.0 token request: not an operation of the contract'] } };
    else if (received) {
      signature = options.checkDelivery ? ((await options.checkDelivery({ path: req.path, headers: raw.headers, body })) ? 'valid' : 'invalid') : undefined;
      reply =
        signature === 'invalid'
          ? { status: 401, headers: {}, contentType: 'application/problem+json', body: mockProblem('unauthorized', 401, 'the delivery signature does not verify'), matched: false, validation: { valid: false, errors: [] } }
          : faults.errorRate && random() < faults.errorRate
            ? { status: 500, headers: {}, contentType: 'application/problem+json', body: mockProblem('injected-error', 500, `error rate ${faults.errorRate}`), matched: false, validation: { valid: true, errors: [] }, fault: 'error-rate' }
            : { status: 204, headers: {}, matched: false, validation: { valid: true, errors: [], unchecked: ['event delivery: not an operation of the contract'] } };
    }
    else reply = await answer(req);
    recorder.add({
      at: new Date().toISOString(),
      method: req.method,
      path: req.path,
      query: Object.fromEntries([...new Set(url.searchParams.keys())].map((k) => { const all = url.searchParams.getAll(k); return [k, all.length === 1 ? all[0] : all]; })),
      headers: redactHeaders(raw.headers),
      body: tokenRequest ? undefined : recordedBody(reply.requestBody, req),
      operation: reply.operation,
      matched: reply.matched,
      validation: reply.validation,
      status: reply.status,
      ...(received ? { receiver: true } : {}),
      ...(signature ? { signature } : {}),
      ...(credentials ? { credentials } : {}),
      ...(tokenRequest ? { tokenRequest: true } : {}),
      ...(reply.fault ? { fault: reply.fault } : {}),
    });
    if (faults.latencyMs) await new Promise((resolve) => setTimeout(resolve, faults.latencyMs));
    const headers: Record<string, string> = { ...reply.headers };
    if (reply.body === undefined) {
      res.writeHead(reply.status, headers).end();
      return;
    }
    const type = reply.contentType ?? 'application/json';
    headers['content-type'] = type;
    res.writeHead(reply.status, headers);
    res.end(/json/i.test(type) || typeof reply.body !== 'string' ? JSON.stringify(reply.body) : reply.body);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    contract,
    requests: (filter) => recorder.all(filter),
    clearRequests: () => recorder.clear(),
    setFaults: (f) => void (faults = f),
    setPublishedSpec: (text) => void (published = text),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function recordedBody(parsed: unknown, req: MockRequest): unknown {
  if (parsed !== undefined && typeof parsed !== 'symbol') return redactBody(parsed);
  if (req.body.length === 0) return undefined;
  const type = String(req.headers['content-type'] ?? '');
  if (/json/i.test(type)) {
    try {
      return redactBody(JSON.parse(req.body.toString('utf8')));
    } catch {
      // recorded as text below
    }
  }
  return req.body.subarray(0, 64 * 1024).toString('utf8');
}

function specMediaType(text: string, format: string): string {
  if (format === 'graphql') return 'application/graphql; charset=utf-8';
  return text.trimStart().startsWith('{') ? 'application/json' : 'application/yaml';
}
