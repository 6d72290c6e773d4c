import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ENGINES } from '../../../test/support/stores.js';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';
import { RuntimeClient } from '../../runtime-client/client.js';

describe.each(ENGINES)('the admin API’s /v1/tokens (%s)', (engine) => {
  let t: TestRuntime;
  let now = new Date('2026-12-01T10:00:00Z');
  beforeAll(async () => {
    t = await startTestRuntime(engine, { clock: () => now, delivery: false, scheduler: false, exports: false });
  });
  afterAll(async () => t?.dispose());
  const client = (token: string) => new RuntimeClient({ url: t.runtime.url, token });

  it('creates, lists (never a secret), revokes at once and rotates with an overlap', async () => {
    const admin = t.client('admin');
    const created = await admin.createToken({ role: 'auditor', label: 'quarterly review', expiresAt: '2026-12-31T00:00:00Z' });
    expect(created).toMatchObject({ role: 'auditor', label: 'quarterly review', expiresAt: '2026-12-31T00:00:00.000Z' });
    expect((await client(created.token).audit({ limit: 1 })).entries).toBeDefined();

    // The last use is written in the background, never in the request path.
    await vi.waitFor(async () => expect((await admin.listTokens()).find((x) => x.id === created.id)).toMatchObject({ role: 'auditor', lastUsedAt: now.toISOString() }));
    const raw = await (await t.fetch('/v1/tokens')).text();
    for (const secret of [created.token, ...Object.values(t.tokens)]) expect(raw).not.toContain(secret);
    expect(raw).not.toContain('hash');

    const rotated = await admin.rotateToken(created.id, { overlapSeconds: 60 });
    expect(rotated.role).toBe('auditor');
    expect((await t.fetch('/v1/audit?limit=1', { token: created.token })).status).toBe(200);
    expect((await t.fetch('/v1/audit?limit=1', { token: rotated.token })).status).toBe(200);
    now = new Date(now.getTime() + 60_000);
    expect((await t.fetch('/v1/audit?limit=1', { token: created.token })).status).toBe(401);

    const revoked = await admin.revokeToken(rotated.id);
    expect(revoked.revokedAt).toBe(now.toISOString());
    const refused = await t.fetch('/v1/audit?limit=1', { token: rotated.token });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
  });

  it('creates a tenant token; one made without a tenant is a platform operator token', async () => {
    const admin = t.client('admin');
    expect(await admin.createToken({ role: 'auditor', tenant: 'acme-eu' })).toMatchObject({ role: 'auditor', tenant: 'acme-eu', scopes: null });
    expect(await admin.createToken({ role: 'auditor' })).toMatchObject({ tenant: null, scopes: null });
    const listed = await admin.listTokens();
    expect(listed.filter((x) => x.tenant === 'acme-eu')).toHaveLength(1);
    const bad = await t.fetch('/v1/tokens', { method: 'POST', body: JSON.stringify({ role: 'auditor', tenant: 'Acme EU' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual(['/tenant']);
  });

  it('refuses unknown scopes at their pointer, and never lets a token make one wider than itself or of another tenant', async () => {
    const admin = t.client('admin');
    const unknown = await t.fetch('/v1/tokens', { method: 'POST', body: JSON.stringify({ role: 'auditor', scopes: ['audit:read', 'audit:delete', 'integrations:Jira:read'] }) });
    const doc = (await unknown.json()) as { type: string; errors: { pointer: string }[] };
    expect([unknown.status, doc.type.split('/').pop(), doc.errors.map((e) => e.pointer)]).toEqual([400, 'invalid-request', ['/scopes/1', '/scopes/2']]);

    const tenantAdmin = await admin.createToken({ role: 'admin', tenant: 'acme-eu', scopes: ['tokens:admin', 'audit:read'] });
    const post = (body: unknown) => t.fetch('/v1/tokens', { method: 'POST', token: tenantAdmin.token, body: JSON.stringify(body) });
    const made = (await (await post({ role: 'auditor', scopes: ['audit:read'] })).json()) as { tenant: string; scopes: string[] };
    expect(made).toMatchObject({ tenant: 'acme-eu', scopes: ['audit:read'] });
    for (const body of [{ role: 'auditor', scopes: ['state:read'] }, { role: 'auditor' }, { role: 'auditor', tenant: 'globex', scopes: ['audit:read'] }]) {
      const res = await post(body);
      expect([JSON.stringify(body), res.status, ((await res.json()) as { type: string }).type.split('/').pop()]).toEqual([JSON.stringify(body), 403, 'forbidden']);
    }
    // A tenant's token lists and manages its own tenant's tokens only.
    const listed = (await (await t.fetch('/v1/tokens', { token: tenantAdmin.token })).json()) as { tokens: { tenant: string | null }[] };
    expect(new Set(listed.tokens.map((x) => x.tenant))).toEqual(new Set(['acme-eu']));
    const platform = await admin.createToken({ role: 'operator' });
    expect((await t.fetch(`/v1/tokens/${platform.id}`, { method: 'DELETE', token: tenantAdmin.token })).status).toBe(404);
    expect((await t.fetch(`/v1/tokens/${platform.id}/rotate`, { method: 'POST', body: '{}', token: tenantAdmin.token })).status).toBe(404);
    expect((await t.fetch(`/v1/state`, { token: platform.token })).status).toBe(200);
  });

  it('audits token changes without the secret', async () => {
    const created = await t.client('admin').createToken({ role: 'operator' });
    const entries = [];
    for await (const e of t.client('admin').auditEntries()) entries.push(e);
    const entry = entries.find((e) => e.action === 'createToken' && e.data.id === created.id);
    expect(entry).toMatchObject({ target: 'tokens', data: { role: 'operator', status: 201 } });
    expect(JSON.stringify(entries)).not.toContain(created.token);
  });

  it('answers mistakes with problems: unknown role, past expiry, unknown id, rotating a revoked token, a role without the right', async () => {
    const post = (body: unknown, role: 'admin' | 'operator' = 'admin') => t.fetch('/v1/tokens', { method: 'POST', body: JSON.stringify(body), role });
    const cases: [Response, number, string][] = [
      [await post({ role: 'root' }), 400, 'invalid-request'],
      [await post({ role: 'operator', expiresAt: '2020-01-01T00:00:00Z' }), 400, 'invalid-request'],
      [await post({ role: 'operator', secret: 'x' }), 400, 'invalid-request'],
      [await post({ role: 'operator' }, 'operator'), 403, 'forbidden'],
      [await t.fetch('/v1/tokens', { role: 'auditor' }), 403, 'forbidden'],
      [await t.fetch('/v1/tokens/nope', { method: 'DELETE' }), 404, 'not-found'],
      [await t.fetch('/v1/tokens/nope/rotate', { method: 'POST', body: '{}' }), 404, 'not-found'],
      [await t.fetch('/v1/tokens/%E0%A4%A', { method: 'DELETE' }), 400, 'malformed-request'],
    ];
    const gone = await t.client('admin').createToken({ role: 'operator' });
    await t.client('admin').revokeToken(gone.id);
    cases.push([await t.fetch(`/v1/tokens/${gone.id}/rotate`, { method: 'POST', body: '{}' }), 409, 'token-inactive']);
    for (const [res, status, slug] of cases) {
      expect([res.status, res.headers.get('content-type'), ((await res.json()) as { type: string }).type.split('/').pop()]).toEqual([status, 'application/problem+json', slug]);
    }
  });
});
