import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createProbe, ProbeSendError } from './probe.js';

interface Seen {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A loopback stand-in for the runtime answering from a script, recording what the probe sent. */
async function fakeRuntime(answers: { status: number; headers?: Record<string, string>; body?: unknown }[]): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const a = answers[Math.min(seen.length - 1, answers.length - 1)];
      const body = JSON.stringify(a.body ?? {});
      res.writeHead(a.status, { 'content-type': a.status >= 400 ? 'application/problem+json' : 'application/json', ...a.headers }).end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen };
}

const ed = generateKeyPairSync('ed25519');
const evidence = { type: 't', controlId: 'C-1', source: 's', collectedAt: '2026-12-05T00:00:00Z', payload: { ok: true } };
const accepted = { seq: 1, id: 'ev_1', type: 't', controlId: 'C-1', source: 's', collectedAt: '2026-12-05T00:00:00Z', receivedAt: '2026-12-05T00:00:01Z', probe: 'p', keyid: 'k', idempotencyKey: 'x', payloadDigest: 'd', auditSeq: 1, duplicate: false };

describe('probe.send', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('retries 429 and 503 no sooner than Retry-After, signing each attempt afresh under one idempotency key', async () => {
    const fake = await fakeRuntime([
      { status: 429, headers: { 'retry-after': '3' }, body: { type: 'https://interlock.dev/problems/rate-limited' } },
      { status: 503, headers: { 'retry-after': '1' } },
      { status: 201, body: accepted },
    ]);
    server = fake.server;
    const waits: number[] = [];
    const probe = createProbe({ baseUrl: fake.url, token: 'tok', keyId: 'k', key: { alg: 'ed25519', privateKey: ed.privateKey }, sleep: async (ms) => void waits.push(ms), random: () => 0.5 });
    expect(await probe.send(evidence)).toMatchObject({ id: 'ev_1' });
    probe.close();
    expect(waits).toEqual([3000, 1000]);
    expect(fake.seen).toHaveLength(3);
    const keys = fake.seen.map((s) => (JSON.parse(s.body) as { idempotencyKey: string }).idempotencyKey);
    expect(new Set(keys).size).toBe(1);
    const nonces = fake.seen.map((s) => /nonce="([^"]+)"/.exec(String(s.headers['signature-input']))?.[1]);
    expect(new Set(nonces).size).toBe(3);
    for (const s of fake.seen) {
      expect([s.headers.authorization, s.headers['interlock-version'], String(s.headers['signature-input'])]).toEqual(['Bearer tok', '1.1', expect.stringContaining('keyid="k"')]);
      expect(s.headers['content-digest']).toMatch(/^sha-256=:/);
    }
  });

  it('backs off exponentially with jitter when no Retry-After is given, and gives up on a refusal at once', async () => {
    const fake = await fakeRuntime([{ status: 500 }, { status: 500 }, { status: 401, body: { type: 'https://interlock.dev/problems/signature-invalid' } }]);
    server = fake.server;
    const waits: number[] = [];
    const probe = createProbe({ baseUrl: fake.url, token: 'tok', keyId: 'k', key: { alg: 'ed25519', privateKey: ed.privateKey }, baseDelayMs: 100, sleep: async (ms) => void waits.push(ms), random: () => 0.99 });
    const error = await probe.send({ ...evidence, idempotencyKey: 'mine' }).catch((e: unknown) => e);
    probe.close();
    expect(error).toBeInstanceOf(ProbeSendError);
    expect([(error as ProbeSendError).status, (error as ProbeSendError).attempts]).toEqual([401, 3]);
    expect(waits).toEqual([99, 198]);
    expect(fake.seen.map((s) => (JSON.parse(s.body) as { idempotencyKey: string }).idempotencyKey)).toEqual(['mine', 'mine', 'mine']);
  });
});
