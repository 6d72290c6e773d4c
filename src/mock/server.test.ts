import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareMockContract, startMock, type RunningMock } from './index.js';

const SPEC = `openapi: 3.0.3
info: {title: Things, version: 1.0.0}
security: [{key: []}]
paths:
  /things:
    post:
      operationId: createThing
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/ThingInput'}
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
        '503':
          description: down
          content:
            application/json:
              schema: {type: object, required: [reason], properties: {reason: {type: string}}}
              examples:
                maintenance: {value: {reason: maintenance}}
  /things/{id}:
    get:
      operationId: getThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: expand, in: query, schema: {type: integer, minimum: 1}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
              example: {id: th_1, name: example thing, size: 3}
        '404': {description: missing}
    delete:
      operationId: deleteThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: gone}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Api-Key}
  schemas:
    ThingInput:
      type: object
      required: [name]
      properties:
        name: {type: string, maxLength: 20}
        size: {type: integer}
        secret_note: {type: string}
    Thing:
      type: object
      required: [id, name]
      properties:
        id: {type: string, example: th_0000}
        name: {type: string}
        size: {type: integer, nullable: true}
`;

let mock: RunningMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function start(options: Parameters<typeof startMock>[1] = {}): Promise<RunningMock> {
  const contract = prepareMockContract('things.openapi.yaml', SPEC, options.seed ?? 0).value!;
  mock = await startMock(contract, options);
  return mock;
}

const auth = { 'x-api-key': 'k-123', 'content-type': 'application/json' };

describe('mock server', () => {
  it('creates then gets then deletes a resource within a run', async () => {
    const m = await start();
    const created = await fetch(`${m.url}/things`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'crate', size: 4 }) });
    expect(created.status).toBe(201);
    const thing = (await created.json()) as { id: string; name: string; size: number };
    expect(thing).toMatchObject({ name: 'crate', size: 4 });
    const second = (await (await fetch(`${m.url}/things`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'box' }) })).json()) as { id: string };
    expect(second.id).not.toBe(thing.id);
    const got = await fetch(`${m.url}/things/${thing.id}`, { headers: auth });
    expect(await got.json()).toEqual(thing);
    expect((await fetch(`${m.url}/things/${thing.id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
    const after = await fetch(`${m.url}/things/${thing.id}`, { headers: auth });
    expect(after.status).toBe(404);
    expect(((await after.json()) as { type: string }).type).toBe('https://interlock.dev/problems/mock/not-found');
  });

  it('answers an unknown id with the operation example, and honours Prefer code and example', async () => {
    const m = await start();
    expect(await (await fetch(`${m.url}/things/other`, { headers: auth })).json()).toEqual({ id: 'th_1', name: 'example thing', size: 3 });
    const down = await fetch(`${m.url}/things`, { method: 'POST', headers: { ...auth, prefer: 'code=503, example=maintenance' }, body: JSON.stringify({ name: 'x' }) });
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ reason: 'maintenance' });
    const missing = await fetch(`${m.url}/things/1`, { headers: { ...auth, prefer: 'code=418' } });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { type: string }).type).toBe('https://interlock.dev/problems/mock/no-example');
  });

  it('locates request violations: query, body, missing credentials, media type', async () => {
    const m = await start();
    const q = await fetch(`${m.url}/things/a?expand=0`, { headers: auth });
    expect(q.status).toBe(400);
    const qp = (await q.json()) as { errors: { in: string; pointer: string; keyword: string; contract: { line: number } }[] };
    expect(qp.errors).toMatchObject([{ in: 'query', pointer: '/query/expand', keyword: 'minimum' }]);
    expect(qp.errors[0].contract.line).toBe(SPEC.split('\n').findIndex((l) => l.includes('name: expand')) + 1);
    const body = await fetch(`${m.url}/things`, { method: 'POST', headers: auth, body: JSON.stringify({ size: 'big' }) });
    const bp = (await body.json()) as { errors: { pointer: string; keyword: string }[] };
    expect(bp.errors.map((e) => [e.pointer, e.keyword]).sort()).toEqual([['/body/name', 'required'], ['/body/size', 'type']]);
    expect((await fetch(`${m.url}/things/a`)).status).toBe(401);
    expect((await fetch(`${m.url}/things`, { method: 'POST', headers: { 'x-api-key': 'k', 'content-type': 'text/plain' }, body: 'hi' })).status).toBe(415);
    expect((await fetch(`${m.url}/things/a`, { method: 'PATCH', headers: auth })).status).toBe(405);
  });

  it('records every request with secrets redacted, including paths the contract lacks, and clears them', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'interlock-mock-')), 'requests.ndjson');
    const m = await start({ record: file });
    await fetch(`${m.url}/things`, { method: 'POST', headers: { ...auth, authorization: 'Bearer s3cr3t' }, body: JSON.stringify({ name: 'n', secret_note: 'hidden' }) });
    await fetch(`${m.url}/hooks/delivery`, { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1' }, body: '{"type":"shipment.exception"}' });
    const list = ((await (await fetch(`${m.url}/__interlock/requests`)).json()) as { requests: Record<string, unknown>[] }).requests;
    expect(list).toHaveLength(2);
    expect(list[0]).toMatchObject({ method: 'POST', path: '/things', operation: 'createThing', matched: true, status: 201, validation: { valid: true }, body: { name: 'n', secret_note: '[redacted]' } });
    expect((list[0].headers as Record<string, string>)['x-api-key']).toBe('[redacted]');
    expect((list[0].headers as Record<string, string>).authorization).toBe('Bearer [redacted]');
    expect(list[1]).toMatchObject({ path: '/hooks/delivery', matched: false, status: 404, body: { type: 'shipment.exception' } });
    expect((list[1].headers as Record<string, string>)['webhook-id']).toBe('msg_1');
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number; path: string });
    expect(lines.map((l) => [l.seq, l.path])).toEqual([[1, '/things'], [2, '/hooks/delivery']]);
    expect(readFileSync(file, 'utf8')).not.toContain('s3cr3t');
    expect((await fetch(`${m.url}/__interlock/requests`, { method: 'DELETE' })).status).toBe(204);
    expect(m.requests()).toHaveLength(0);
  });

  it('takes event deliveries at its receiver paths: 204, recorded as received; other methods and paths are not receivers', async () => {
    const m = await start({ receivers: ['/hooks/delivery', '/things'] });
    // A path the contract routes stays the contract's.
    expect((await fetch(`${m.url}/things`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'n' }) })).status).toBe(201);
    m.clearRequests();
    const delivered = await fetch(`${m.url}/hooks/delivery`, { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1' }, body: '{"type":"shipment.exception"}' });
    expect(delivered.status).toBe(204);
    expect((await fetch(`${m.url}/hooks/delivery`)).status).toBe(404);
    expect((await fetch(`${m.url}/hooks/other`, { method: 'POST', body: '{}' })).status).toBe(404);
    const [first, second] = m.requests();
    expect(first).toMatchObject({ path: '/hooks/delivery', status: 204, receiver: true, matched: false, body: { type: 'shipment.exception' } });
    expect(second.receiver).toBeUndefined();
  });

  it('checks deliveries when given a check: a failing one answers 401, both are recorded with the verdict', async () => {
    const m = await start({ receivers: ['/hooks/delivery'], checkDelivery: ({ headers }) => headers['webhook-signature'] === 'v1,good' });
    const send = (sig: string) => fetch(`${m.url}/hooks/delivery`, { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-signature': sig }, body: '{}' });
    expect((await send('v1,good')).status).toBe(204);
    expect((await send('v1,bad')).status).toBe(401);
    expect(m.requests().map((r) => [r.status, r.signature])).toEqual([[204, 'valid'], [401, 'invalid']]);
  });

  it('plays an OAuth 2.0 token endpoint at its token paths, without recording the client credentials', async () => {
    const m = await start({ tokenPaths: ['/oauth/token'] });
    const res = await fetch(`${m.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials&client_id=a&client_secret=s3cr3t' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ access_token: 'interlock-mock-access-token', token_type: 'Bearer', expires_in: 3600 });
    expect(m.requests()[0]).toMatchObject({ path: '/oauth/token', status: 200, tokenRequest: true });
    expect(JSON.stringify(m.requests())).not.toContain('s3cr3t');
  });

  it('injects faults: a fixed status per operation, a seeded error rate, a changed published spec', async () => {
    const m = await start({ seed: 3 });
    const put = await fetch(`${m.url}/__interlock/faults`, { method: 'PUT', body: JSON.stringify({ status: { getThing: 503 } }) });
    expect(put.status).toBe(200);
    const forced = await fetch(`${m.url}/things/a`, { headers: auth });
    expect(forced.status).toBe(503);
    expect(m.requests({ operation: 'getThing' })[0].fault).toBe('status');
    expect((await fetch(`${m.url}/__interlock/faults`, { method: 'PUT', body: JSON.stringify({ latencyMs: -1 }) })).status).toBe(400);
    const outcomes = async () => {
      await fetch(`${m.url}/__interlock/reset`, { method: 'POST' });
      await fetch(`${m.url}/__interlock/faults`, { method: 'PUT', body: JSON.stringify({ errorRate: 0.5 }) });
      const codes: number[] = [];
      for (let i = 0; i < 12; i++) codes.push((await fetch(`${m.url}/things/a`, { headers: auth })).status);
      return codes;
    };
    const first = await outcomes();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect((await fetch(`${m.url}/__interlock/spec`)).headers.get('content-type')).toBe('application/yaml');
    expect(await (await fetch(`${m.url}/__interlock/spec`)).text()).toBe(SPEC);
    await fetch(`${m.url}/__interlock/spec`, { method: 'PUT', body: SPEC.replace('version: 1.0.0', 'version: 2.0.0') });
    expect(await (await fetch(`${m.url}/__interlock/spec`)).text()).toContain('version: 2.0.0');
    // The same seed draws the same errors in a fresh mock.
    await m.close();
    mock = undefined;
    const again = await start({ seed: 3 });
    await fetch(`${again.url}/__interlock/faults`, { method: 'PUT', body: JSON.stringify({ errorRate: 0.5 }) });
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) codes.push((await fetch(`${again.url}/things/a`, { headers: auth })).status);
    expect(codes).toEqual(first);
  });

  it('refuses a contract that does not parse with a located diagnostic', () => {
    const r = prepareMockContract('bad.yaml', 'openapi: 3.0.3\ninfo: {title: x, version: 1}\npaths:\n  items:\n    get: {}\n');
    expect(r.value).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ code: 'openapi-invalid', location: { file: 'bad.yaml', line: 4 } });
  });
});
