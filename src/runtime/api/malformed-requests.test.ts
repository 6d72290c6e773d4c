import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LogEntry } from '../log.js';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';

/** One raw request on its own connection; resolves with the status and the body once the server closes it. */
function rawRequest(url: string, text: string | Buffer): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(text));
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => {
      const response = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);
      resolve({ status, body: response.slice(response.indexOf('\r\n\r\n') + 4) });
    });
  });
}

const slug = (body: string): string | undefined => {
  try {
    return ((JSON.parse(body) as { type?: string }).type ?? '').split('/').pop();
  } catch {
    return undefined;
  }
};

const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe('the admin API answers malformed requests with problems and keeps serving (raw TCP, embedded store)', () => {
  let t: TestRuntime;
  const unexpected: unknown[] = [];
  beforeAll(async () => {
    t = await startTestRuntime('embedded', { onError: (e) => unexpected.push(e) });
  });
  afterAll(async () => t?.dispose());

  const req = (line: string, headers: Record<string, string> = {}, body = '') => {
    const all = { host: 'runtime', connection: 'close', ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}), ...headers };
    return `${line}\r\n${Object.entries(all)
      .map(([k, v]) => `${k}: ${v}`)
      .join('\r\n')}\r\n\r\n${body}`;
  };
  const auth = () => ({ authorization: `Bearer ${t.tokens.admin}` });

  it('refuses each case of the corpus with the expected status and problem type', async () => {
    const corpus: { name: string; request: () => string; status: number; problem?: string }[] = [
      { name: 'malformed percent-encoding, authenticated', request: () => req('GET /v1/resources/Vendor/%E0%A4%A HTTP/1.1', auth()), status: 400, problem: 'malformed-request' },
      { name: 'malformed percent-encoding, anonymous', request: () => req('GET /v1/resources/Vendor/%E0%A4%A HTTP/1.1'), status: 401, problem: 'unauthorized' },
      { name: 'invalid absolute-form target', request: () => req('GET http://[::1 HTTP/1.1'), status: 400, problem: 'malformed-request' },
      { name: 'asterisk-form target', request: () => req('OPTIONS * HTTP/1.1'), status: 400, problem: 'malformed-request' },
      { name: 'NUL in a path parameter', request: () => req('GET /v1/resources/Vendor/a%00b HTTP/1.1', auth()), status: 400, problem: 'malformed-request' },
      { name: 'NUL in a query value', request: () => req('GET /v1/deliveries?integration=%00 HTTP/1.1', auth()), status: 400, problem: 'malformed-request' },
      { name: 'malformed escape in a query value', request: () => req('GET /v1/state?kind=%ZZ HTTP/1.1', auth()), status: 400, problem: 'invalid-request' },
      { name: 'encoded dot segments in a name', request: () => req('GET /v1/resources/Vendor/..%2F..%2Fetc HTTP/1.1', auth()), status: 400, problem: 'invalid-request' },
      { name: 'event body nested 100,000 deep', request: () => req('POST /v1/events HTTP/1.1', auth(), `{"type":"a.b","data":${deep(100_000)}}`), status: 400, problem: 'malformed-json' },
      {
        name: 'apply body nested 100,000 deep',
        request: () => req('POST /v1/apply HTTP/1.1', auth(), `{"expectedRevision":0,"changes":[{"action":"create","kind":"Vendor","name":"x","spec":{"a":${deep(100_000)}}}]}`),
        status: 400,
        problem: 'malformed-json',
      },
      { name: 'resource body nested 100,000 deep', request: () => req('PUT /v1/resources/Vendor/x HTTP/1.1', auth(), `{"spec":${deep(100_000)}}`), status: 400, problem: 'malformed-json' },
      { name: 'replay since year 0', request: () => req('POST /v1/deliveries/replay HTTP/1.1', auth(), '{"since":"0000-01-01T00:00:00Z"}'), status: 400, problem: 'invalid-request' },
      { name: 'replay since year 275760', request: () => req('POST /v1/deliveries/replay HTTP/1.1', auth(), '{"since":"+275760-09-13T00:00:00Z"}'), status: 400, problem: 'invalid-request' },
      { name: 'truncated JSON', request: () => req('POST /v1/events HTTP/1.1', auth(), '{"type":'), status: 400, problem: 'malformed-json' },
      { name: 'garbage request line', request: () => 'GARBAGE\r\n\r\n', status: 400, problem: 'malformed-request' },
      { name: 'non-numeric content-length', request: () => 'POST /v1/events HTTP/1.1\r\nhost: x\r\ncontent-length: abc\r\n\r\n{}', status: 400, problem: 'malformed-request' },
      { name: 'headers too large', request: () => req('GET /healthz HTTP/1.1', { 'x-big': 'a'.repeat(20_000) }), status: 431, problem: 'malformed-request' },
      { name: 'unknown route', request: () => req('GET /v1/nope HTTP/1.1'), status: 404, problem: 'not-found' },
      { name: 'valid absolute-form target', request: () => req('GET http://runtime/healthz HTTP/1.1'), status: 200 },
    ];
    const outcomes = [];
    for (const c of corpus) {
      const { status, body } = await rawRequest(t.runtime.url, c.request());
      outcomes.push({ name: c.name, status, problem: c.problem ? slug(body) : undefined });
    }
    expect(outcomes).toEqual(corpus.map((c) => ({ name: c.name, status: c.status, problem: c.problem })));
    expect(unexpected).toEqual([]);
    expect((await fetch(`${t.runtime.url}/healthz`)).status).toBe(200);
  });

  it('audits a refused NUL path like any other refusal, with the path as received', async () => {
    const { status } = await rawRequest(t.runtime.url, req('GET /v1/resources/Vendor/zz%00top HTTP/1.1', auth()));
    expect(status).toBe(400);
    const entries = (await t.runtime.store.audit(0, 10_000)).entries.filter((e) => e.action === 'getResource' && e.target === 'Vendor/zz%00top');
    expect(entries).toHaveLength(1);
    expect(entries[0].data).toMatchObject({ status: 400, problem: 'malformed-request' });
    expect(entries[0].actor).toMatch(/^admin:/);
  });
});

describe('a request body cut short by the client (embedded store)', () => {
  it('is a 400 malformed-request, logged at info without an internal error, for an anonymous webhook and an authenticated call alike', async () => {
    const unexpected: unknown[] = [];
    const lines: LogEntry[] = [];
    const t = await startTestRuntime('embedded', { onError: (e) => unexpected.push(e), log: (l) => lines.push(l) });
    try {
      const cut = (path: string, headers: string) => `POST ${path} HTTP/1.1\r\nhost: runtime\r\ncontent-type: application/json\r\n${headers}\r\n{"type":`;
      // The client half-closes after 8 of 100 declared bytes; node aborts the request when the socket closes.
      await rawRequest(t.runtime.url, cut('/hooks/any-integration', 'content-length: 100\r\n'));
      await rawRequest(t.runtime.url, cut('/v1/events', `authorization: Bearer ${t.tokens.admin}\r\ncontent-length: 100\r\n`));
      // Chunks node's parser refuses: it answers 400 itself and aborts the request the handler is reading.
      await rawRequest(t.runtime.url, `POST /hooks/any-integration HTTP/1.1\r\nhost: runtime\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n`);
      const answered = () => lines.filter((l) => l.msg === 'request' && (l.path === '/hooks/any-integration' || l.path === '/v1/events'));
      await vi.waitFor(() => expect(answered()).toHaveLength(3), { timeout: 30_000 });
      expect(answered().map((l) => [l.path, l.status, l.level])).toEqual([
        ['/hooks/any-integration', 400, 'info'],
        ['/v1/events', 400, 'info'],
        ['/hooks/any-integration', 400, 'info'],
      ]);
      expect(unexpected).toEqual([]);
      const audited = (await t.runtime.store.audit(0, 10_000)).entries.filter((e) => e.action === 'sendEvent');
      expect(audited.map((e) => e.data)).toMatchObject([{ status: 400, problem: 'malformed-request' }]);
      expect((await fetch(`${t.runtime.url}/healthz`)).status).toBe(200);
    } finally {
      await t.dispose();
    }
  });
});

describe('an emptied audit log (embedded store)', () => {
  it('answers admin calls with an audit-unavailable problem instead of crashing, and health still answers', async () => {
    const unexpected: unknown[] = [];
    const t = await startTestRuntime('embedded', { onError: (e) => unexpected.push(e) });
    try {
      await t.runtime.store.db.query('DELETE FROM audit_log');
      await t.runtime.store.db.query('DELETE FROM audit_head');
      const res = await t.fetch('/v1/audit', { role: 'auditor' });
      expect(res.status).toBe(503);
      expect(slug(await res.text())).toBe('audit-unavailable');
      expect(await t.runtime.store.auditHead()).toBeNull();
      expect(unexpected).toEqual([]);
      expect((await fetch(`${t.runtime.url}/healthz`)).status).toBe(200);
    } finally {
      await t.dispose();
    }
  });
});
