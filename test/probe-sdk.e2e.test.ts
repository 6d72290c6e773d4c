import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createProbe, ProbeSendError } from '../packages/sdk/src/index.js';
import { contentDigest, signRequest } from '../src/core/http-signature.js';
import { verifyAuditChain } from '../src/runtime/audit/chain.js';
import { startRuntime, type RunningRuntime } from '../src/runtime/start.js';
import { openStore } from '../src/runtime/store/store.js';
import type { AuditEntry } from '../src/runtime/model.js';
import { freshLocation } from './support/stores.js';

/**
 * The partner API's done-when: a probe using the SDK sends N signed evidence items while a bounded flood of
 * unauthenticated requests hits the runtime, and the runtime is stopped and started again on the same data
 * directory halfway through; the probe's retries carry it through. Every item is stored once and recorded in
 * an intact audit chain; a replayed signature and a tampered body are refused. N is 1,000 in the suite;
 * PROBE_SDK_ITEMS=10000 runs the full figure (docs/runtime/partner.md).
 */
const ITEMS = Number(process.env.PROBE_SDK_ITEMS ?? 1000);
const PROBE_CONCURRENCY = 8;
const FLOOD_REQUESTS = 3000;
const FLOOD_CONCURRENCY = 20;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a probe using the SDK, through a flood and a restart', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it(`stores ${ITEMS} signed items once each, in the audit chain; replays and tampering refused`, async () => {
    const location = await freshLocation('embedded');
    cleanup.push(() => location.dispose());
    const dataDir = (location.location as { dataDir: string }).dataDir;
    const store = await openStore(location.location);
    const now = new Date();
    const [admin, probeToken, auditor] = [(await store.createToken('admin', now)).token, (await store.createToken('probe', now)).token, (await store.createToken('auditor', now)).token];
    await store.close();

    const port = await freePort();
    // The production limits (per-token rate limits, the failed-authentication limiter), only the optional parts off.
    const start = () => startRuntime({ dataDir, host: '127.0.0.1', port, delivery: false, scheduler: false, exports: false, streams: false, monitor: false });
    let runtime: RunningRuntime | undefined = await start();
    cleanup.push(async () => runtime?.close());
    const url = runtime.url;
    const ed = generateKeyPairSync('ed25519');
    const put = (path: string, body: unknown) => fetch(url + path, { method: 'PUT', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await put('/v1/evidence-types/disk-encryption', { schema: { type: 'object', required: ['n', 'encrypted'], properties: { n: { type: 'integer' }, encrypted: { type: 'boolean' } } } })).status).toBe(200);
    expect((await put('/v1/probes/fleet-1', { probe: 'fleet', alg: 'ed25519', publicKey: ed.publicKey.export({ type: 'spki', format: 'der' }).toString('base64') })).status).toBe(200);

    // The flood: no token, a wrong token, a malformed header; bounded, so the limiter it trips recovers.
    const floodStatuses = new Map<string, number>();
    let floodSent = 0;
    const flooder = async () => {
      while (floodSent < FLOOD_REQUESTS) {
        const n = floodSent++;
        const authorization = [undefined, `Bearer ${randomUUID()}`, 'Basic x'][n % 3];
        const key = await fetch(`${url}${n % 2 ? '/v1/evidence' : '/v1/state'}`, { method: n % 2 ? 'POST' : 'GET', headers: authorization ? { authorization } : {}, body: n % 2 ? '{}' : undefined })
          .then(async (r) => (await r.arrayBuffer(), String(r.status)))
          .catch(() => 'connection');
        floodStatuses.set(key, (floodStatuses.get(key) ?? 0) + 1);
      }
    };

    const probe = createProbe({ baseUrl: url, token: probeToken, keyId: 'fleet-1', key: { alg: 'ed25519', privateKey: ed.privateKey }, maxAttempts: 1000, maxDelayMs: 2000 });
    cleanup.push(async () => probe.close());
    let next = 0;
    let stored = 0;
    const failures: unknown[] = [];
    const sender = async () => {
      while (next < ITEMS) {
        const n = next++;
        try {
          await probe.send({ type: 'disk-encryption', controlId: 'SC-28', source: 'fleet', collectedAt: new Date().toISOString(), payload: { n, encrypted: n % 7 !== 0 }, idempotencyKey: `item-${n}` });
          stored++;
        } catch (error) {
          failures.push(error instanceof ProbeSendError ? [error.status, error.problem] : String(error));
        }
      }
    };

    let storedAtRestart = -1;
    const restarted = (async () => {
      // Halfway: stop and start the runtime on the same data directory while sends are in flight.
      while (stored < ITEMS / 2 && failures.length === 0) await new Promise((r) => setTimeout(r, 50));
      storedAtRestart = stored;
      const stopping = runtime!;
      runtime = undefined;
      await stopping.close();
      runtime = await start();
    })();
    await Promise.all([...Array.from({ length: PROBE_CONCURRENCY }, sender), ...Array.from({ length: FLOOD_CONCURRENCY }, flooder), restarted]);

    expect(failures).toEqual([]);
    expect(stored).toBe(ITEMS);
    // The restart happened with items still to send (the probe carried on through it).
    expect(storedAtRestart).toBeGreaterThanOrEqual(ITEMS / 2);
    expect(storedAtRestart).toBeLessThan(ITEMS);
    // The flood never got in: refused (401), limited (429), or cut off by the restart.
    expect([...floodStatuses.keys()].filter((k) => !['401', '429', 'connection'].includes(k))).toEqual([]);

    // Exactly one record per item, each named by its audit entry, and the chain intact.
    const rows = await runtime!.store.db.query<{ idempotency_key: string; id: string; audit_seq: unknown; payload_digest: string }>('SELECT idempotency_key, id, audit_seq, payload_digest FROM evidence ORDER BY seq');
    expect(rows).toHaveLength(ITEMS);
    expect(new Set(rows.map((r) => r.idempotency_key)).size).toBe(ITEMS);
    // A captured signed request sent again is a replay; a body changed after signing is refused.
    const authority = new URL(runtime!.url).host;
    const signed = (body: string) => {
      const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${probeToken}`, 'content-digest': contentDigest(body) };
      return { ...headers, ...signRequest({ method: 'POST', authority, path: '/v1/evidence', headers }, { keyid: 'fleet-1', key: { alg: 'ed25519', privateKey: ed.privateKey }, created: Math.floor(Date.now() / 1000), nonce: randomUUID() }) };
    };
    const body = JSON.stringify({ type: 'disk-encryption', controlId: 'SC-28', source: 'fleet', collectedAt: new Date().toISOString(), payload: { n: -1, encrypted: true }, idempotencyKey: 'captured' });
    const headers = signed(body);
    const post = (h: Record<string, string>, b: string) => fetch(`${runtime!.url}/v1/evidence`, { method: 'POST', headers: h, body: b });
    const problem = async (r: Response) => [r.status, ((await r.json()) as { type: string }).type.split('/').pop()];
    expect((await post(headers, body)).status).toBe(201);
    expect(await problem(await post(headers, body))).toEqual([401, 'signature-replayed']);
    const tampered = signed(body);
    expect(await problem(await post(tampered, body.replace('"encrypted":true', '"encrypted":false')))).toEqual([401, 'signature-invalid']);
    expect((await runtime!.store.db.query('SELECT count(*)::int AS n FROM evidence'))[0]).toEqual({ n: ITEMS + 1 });

    // The audit chain, read from the store once the runtime has stopped (reads and refusals are audited too).
    await runtime!.close();
    runtime = undefined;
    const closed = await openStore(location.location);
    try {
      const entries: AuditEntry[] = [];
      for (let after = 0; ; ) {
        const page = await closed.audit(after, 10_000);
        entries.push(...page.entries);
        if (page.next === null) break;
        after = page.next;
      }
      expect(verifyAuditChain(entries, await closed.auditHead())).toMatchObject({ ok: true });
      const bySeq = new Map(entries.map((e) => [e.seq, e]));
      const unchained = rows.filter((r) => {
        const e = bySeq.get(Number(r.audit_seq));
        return !(e && e.action === 'sendEvidence' && e.data.evidence === r.id && e.data.payloadDigest === r.payload_digest);
      });
      expect(unchained).toEqual([]);
    } finally {
      await closed.close();
    }
  }, 3_600_000);
});
