import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDigest, signRequest, type SignKey } from '../../core/http-signature.js';
import { ENGINES } from '../../../test/support/stores.js';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';

const HMAC_SECRET = 'probe-shared-secret-0123456789abcdef';
const SCHEMA = { type: 'object', required: ['mfaEnabled'], properties: { mfaEnabled: { type: 'boolean' }, users: { type: 'integer', minimum: 0 } }, additionalProperties: false };

describe.each(ENGINES)('evidence ingestion (%s)', (engine) => {
  let t: TestRuntime;
  let now = new Date('2026-12-01T10:00:00Z');
  let probeToken: string;
  const ed = generateKeyPairSync('ed25519');
  const keys: Record<string, SignKey> = { 'probe-ed': { alg: 'ed25519', privateKey: ed.privateKey }, 'probe-hmac': { alg: 'hmac-sha256', secret: Buffer.from(HMAC_SECRET) } };

  beforeAll(async () => {
    t = await startTestRuntime(engine, {
      clock: () => now,
      delivery: false,
      scheduler: false,
      exports: false,
      streams: false,
      evidence: { secrets: (ref) => (ref === 'env:PROBE_SECRET' ? HMAC_SECRET : undefined), replayWindowSeconds: 300 },
    });
    probeToken = (await t.runtime.store.createToken('probe', now)).token;
    const put = (path: string, body: unknown) => t.fetch(path, { method: 'PUT', body: JSON.stringify(body) });
    expect((await put('/v1/evidence-types/mfa-status', { schema: SCHEMA })).status).toBe(200);
    expect((await put('/v1/probes/probe-ed', { probe: 'okta-probe', alg: 'ed25519', publicKey: ed.publicKey.export({ type: 'spki', format: 'der' }).toString('base64') })).status).toBe(200);
    expect((await put('/v1/probes/probe-hmac', { probe: 'aws-probe', alg: 'hmac-sha256', secretRef: 'env:PROBE_SECRET' })).status).toBe(200);
  });
  afterAll(async () => t?.dispose());

  /** A signed POST /v1/evidence as a probe sends it; `mutate` tampers with it after signing. */
  function signed(keyid: string, evidence: Record<string, unknown>, opts: { created?: number; nonce?: string; mutate?: (h: Record<string, string>, body: string) => [Record<string, string>, string] } = {}) {
    const body = JSON.stringify(evidence);
    const authority = new URL(t.runtime.url).host;
    const headers: Record<string, string> = { 'content-type': 'application/json', 'content-digest': contentDigest(body) };
    Object.assign(
      headers,
      signRequest({ method: 'POST', authority, path: '/v1/evidence', headers }, { keyid, key: keys[keyid], created: opts.created ?? Math.floor(now.getTime() / 1000), nonce: opts.nonce ?? randomUUID() }),
    );
    const [h, b] = opts.mutate ? opts.mutate(headers, body) : [headers, body];
    return { send: () => t.fetch('/v1/evidence', { method: 'POST', token: probeToken, headers: h, body: b }), headers: h, body: b };
  }
  const item = (extra: Record<string, unknown> = {}) => ({ type: 'mfa-status', controlId: 'AC-2', source: 'okta:acme', collectedAt: '2026-12-01T09:59:00Z', payload: { mfaEnabled: true, users: 42 }, ...extra });
  const slug = async (res: Response) => ((await res.json()) as { type: string }).type.split('/').pop();

  it('stores signed evidence once per idempotency key, chained into the audit log, for both key kinds', async () => {
    for (const keyid of ['probe-ed', 'probe-hmac']) {
      const first = await signed(keyid, item({ idempotencyKey: `k-${keyid}` })).send();
      expect(first.status).toBe(201);
      const stored = (await first.json()) as { id: string; seq: number; auditSeq: number; payloadDigest: string; probe: string; duplicate: boolean };
      expect(stored).toMatchObject({ probe: keyid === 'probe-ed' ? 'okta-probe' : 'aws-probe', keyid, duplicate: false, controlId: 'AC-2' });
      // A retry is signed again (a new nonce) and answers the first record.
      const retry = await signed(keyid, item({ idempotencyKey: `k-${keyid}` })).send();
      expect(retry.status).toBe(200);
      expect(await retry.json()).toMatchObject({ id: stored.id, seq: stored.seq, duplicate: true });
      const page = await t.client('auditor').audit({ after: stored.auditSeq - 1, limit: 1 });
      expect(page.entries[0]).toMatchObject({ seq: stored.auditSeq, action: 'sendEvidence', target: `evidence/${stored.id}`, data: { evidence: stored.id, payloadDigest: stored.payloadDigest, keyid, status: 201 } });
    }
    const all = await t.fetch('/v1/evidence', { role: 'auditor' });
    const lines = (await all.text()).trim().split('\n').map((l) => JSON.parse(l) as { idempotencyKey: string; payload: unknown });
    expect(lines.map((l) => l.idempotencyKey)).toEqual(['k-probe-ed', 'k-probe-hmac']);
    expect(lines[0].payload).toEqual({ mfaEnabled: true, users: 42 });
  });

  it('answers in the API version asked for: 1.1 with the receipt (auditHash), 1.0 in its old shape, another major refused', async () => {
    const send = (version: string | undefined, idempotencyKey: string) =>
      signed('probe-ed', item({ idempotencyKey }), { mutate: (h, b) => [version ? { ...h, 'interlock-version': version } : h, b] }).send();
    const current = await send(undefined, 'v-current');
    expect([current.status, current.headers.get('interlock-version')]).toEqual([201, '1.1']);
    const stored = (await current.json()) as { auditSeq: number; auditHash?: string };
    const [entry] = (await t.client('auditor').audit({ after: stored.auditSeq - 1, limit: 1 })).entries;
    expect(stored.auditHash).toBe(entry.hash);
    const retried = await send('1.1', 'v-current');
    expect([retried.status, ((await retried.json()) as { auditHash?: string }).auditHash]).toEqual([200, entry.hash]);
    const old = await send('1.0', 'v-old');
    expect([old.status, old.headers.get('interlock-version')]).toEqual([201, '1.0']);
    const body = (await old.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ duplicate: false, idempotencyKey: 'v-old' });
    expect(Object.keys(body)).not.toContain('auditHash');
    const newer = await send('1.7', 'v-newer');
    expect([newer.status, newer.headers.get('interlock-version')]).toEqual([201, '1.1']);
    const other = await send('2.0', 'v-other');
    expect([other.status, await slug(other), other.headers.get('interlock-version')]).toEqual([400, 'unsupported-version', '1.1']);
    const listed = await t.fetch('/v1/evidence?limit=1', { role: 'auditor', headers: { 'interlock-version': '1.0' } });
    expect([listed.status, listed.headers.get('interlock-version')]).toEqual([200, '1.0']);
  });

  it('refuses replayed, tampered, stale, unsigned and unknown-key requests with audited problems', async () => {
    const replayed = signed('probe-ed', item());
    expect((await replayed.send()).status).toBe(201);
    const cases: [string, Response, number, string, string | undefined][] = [];
    const push = async (name: string, res: Promise<Response>, status: number, problem: string, reason?: string) => {
      const r = await res;
      const doc = (await r.clone().json()) as { reason?: string };
      cases.push([name, r, status, problem, doc.reason ?? undefined]);
      expect([name, r.status, await slug(r), reason === undefined ? undefined : doc.reason]).toEqual([name, status, problem, reason]);
    };
    await push('replay', replayed.send(), 401, 'signature-replayed');
    await push('body', signed('probe-ed', item(), { mutate: (h, b) => [h, b.replace('"users":42', '"users":43')] }).send(), 401, 'signature-invalid', 'digest');
    await push('body and digest', signed('probe-ed', item(), { mutate: (h, b) => { const nb = b.replace('"users":42', '"users":43'); return [{ ...h, 'content-digest': contentDigest(nb) }, nb]; } }).send(), 401, 'signature-invalid', 'mismatch');
    await push('signature', signed('probe-hmac', item(), { mutate: (h, b) => [{ ...h, signature: h.signature.replace(/:(.)/, (_m, c: string) => `:${c === 'A' ? 'B' : 'A'}`) }, b] }).send(), 401, 'signature-invalid', 'mismatch');
    await push('stale', signed('probe-ed', item(), { created: Math.floor(now.getTime() / 1000) - 301 }).send(), 401, 'signature-invalid', 'expired');
    await push('unsigned', t.fetch('/v1/evidence', { method: 'POST', token: probeToken, body: JSON.stringify(item()) }), 401, 'signature-invalid', 'missing');
    await push('unknown key', signed('probe-ed', item(), { mutate: (h, b) => [{ ...h, 'signature-input': h['signature-input'].replace('keyid="probe-ed"', 'keyid="nope"') }, b] }).send(), 401, 'signature-invalid', 'unknown-key');
    await push('schema', signed('probe-ed', item({ payload: { mfaEnabled: 'yes' } })).send(), 400, 'invalid-request');
    await push('type', signed('probe-ed', item({ type: 'unknown' })).send(), 400, 'invalid-request');

    const entries = (await t.client('auditor').audit({ after: 0, limit: 10000 })).entries.filter((e) => e.action === 'sendEvidence' && e.data.status !== 201);
    expect(entries.map((e) => e.data.problem)).toEqual(expect.arrayContaining(['signature-replayed', 'signature-invalid', 'invalid-request']));
    expect(entries.filter((e) => e.data.problem === 'signature-invalid')).toHaveLength(6);
  });

  it('keeps evidence append-only in the database itself', async () => {
    await expect(t.runtime.store.db.query("UPDATE evidence SET control_id = 'X'")).rejects.toThrow(/append-only/);
    await expect(t.runtime.store.db.query('DELETE FROM evidence')).rejects.toThrow(/append-only/);
  });

  it('exports evidence and the audit log as NDJSON and CSV pages with a cursor', async () => {
    const first = await t.fetch('/v1/evidence?limit=1', { role: 'auditor' });
    expect(first.headers.get('content-type')).toBe('application/x-ndjson');
    const next = first.headers.get('interlock-next-after');
    expect(next).toBe('1');
    expect(first.headers.get('link')).toBe('</v1/evidence?limit=1&after=1>; rel="next"');
    const second = await t.fetch(`/v1/evidence?limit=1&after=${next}`, { role: 'auditor', headers: { accept: 'text/csv' } });
    const [header, row] = (await second.text()).split('\r\n');
    expect(header).toBe('seq,id,type,controlId,source,collectedAt,receivedAt,probe,keyid,idempotencyKey,payloadDigest,auditSeq,payload');
    expect(row.split(',').slice(0, 1)).toEqual(['2']);
    expect(row).toContain('"{""mfaEnabled"":true,""users"":42}"');

    const audit = await t.fetch('/v1/audit?format=ndjson&limit=2', { role: 'auditor' });
    expect(audit.headers.get('content-type')).toBe('application/x-ndjson');
    expect((await audit.text()).trim().split('\n').map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([1, 2]);
    expect(audit.headers.get('interlock-next-after')).toBe('2');
    expect((await t.fetch('/v1/audit?format=xml', { role: 'auditor' })).status).toBe(400);
  });

  it('refuses a probe key that is not usable and lets only admins register keys', async () => {
    const put = (body: unknown, role: 'admin' | 'auditor' = 'admin') => t.fetch('/v1/probes/bad', { method: 'PUT', role, body: JSON.stringify(body) });
    expect((await put({ probe: 'p', alg: 'ed25519', publicKey: 'AAAA' })).status).toBe(400);
    expect((await put({ probe: 'p', alg: 'hmac-sha256', secretRef: 'plain-secret' })).status).toBe(400);
    expect((await put({ probe: 'p', alg: 'hmac-sha256', secretRef: 'env:X' }, 'auditor')).status).toBe(403);
    expect((await t.fetch('/v1/evidence-types/x', { method: 'PUT', body: JSON.stringify({ schema: { type: 'nonsense' } }) })).status).toBe(400);
    expect(JSON.stringify(await (await t.fetch('/v1/probes', { role: 'auditor' })).json())).not.toContain(HMAC_SECRET);
  });

  it('notices a key or a type changed behind its in-memory copies (another runtime on the store) when storing', async () => {
    const db = t.runtime.store.db;
    expect((await signed('probe-ed', item()).send()).status).toBe(201);
    // Revoked in the store only, as another runtime would: the cached key is refused at commit.
    await db.query("UPDATE probe_keys SET revoked_at = created_at WHERE keyid = 'probe-ed'");
    const revoked = await signed('probe-ed', item()).send();
    expect([revoked.status, await slug(revoked)]).toEqual([401, 'signature-invalid']);
    // Replaced by a new key: the old key's signatures stop verifying, the new key's pass.
    const next = generateKeyPairSync('ed25519');
    await db.query("UPDATE probe_keys SET revoked_at = NULL, public_key = $1, created_at = created_at + interval '1 second' WHERE keyid = 'probe-ed'", [
      next.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    ]);
    const old = await signed('probe-ed', item()).send();
    expect([old.status, await slug(old)]).toEqual([401, 'signature-invalid']);
    keys['probe-ed'] = { alg: 'ed25519', privateKey: next.privateKey };
    expect((await signed('probe-ed', item()).send()).status).toBe(201);
    // A type re-registered elsewhere: the payload is checked against the new schema.
    await db.query("UPDATE evidence_types SET schema = $1, schema_digest = 'changed' WHERE name = 'mfa-status'", [JSON.stringify({ ...SCHEMA, properties: { ...SCHEMA.properties, users: { type: 'integer', minimum: 100 } } })]);
    const invalid = await signed('probe-ed', item()).send();
    expect([invalid.status, await slug(invalid)]).toEqual([400, 'invalid-request']);
    // Through the API, this runtime forgets its copies at once.
    expect((await t.fetch('/v1/evidence-types/mfa-status', { method: 'PUT', body: JSON.stringify({ schema: SCHEMA }) })).status).toBe(200);
    expect((await signed('probe-ed', item()).send()).status).toBe(201);
    expect((await t.fetch('/v1/probes/probe-ed', { method: 'DELETE' })).status).toBe(200);
    const deleted = await signed('probe-ed', item()).send();
    expect([deleted.status, await slug(deleted)]).toEqual([401, 'signature-invalid']);
  });
});
