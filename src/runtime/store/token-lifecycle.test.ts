import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENGINES, freshStore } from '../../../test/support/stores.js';
import type { Store } from './store.js';

const T0 = new Date('2026-12-01T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const ctx = (seconds: number) => ({ actor: 'admin:test', now: at(seconds) });

describe.each(ENGINES)('access token lifecycle (%s)', (engine) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });
  async function open(): Promise<Store> {
    const fresh = await freshStore(engine);
    dispose = fresh.dispose;
    return fresh.store;
  }

  it('stores only a hash, lists no secret, and refuses a token after its expiry', async () => {
    const store = await open();
    const created = await store.createToken('operator', T0, { label: 'ci', expiresAt: at(3600) });
    expect(created).toMatchObject({ role: 'operator', label: 'ci', expiresAt: at(3600).toISOString(), revokedAt: null });
    const [stored] = await store.db.query<{ token_hash: string }>('SELECT token_hash FROM access_tokens');
    expect(stored.token_hash).not.toContain(created.token.slice(4));
    const listed = await store.listTokens();
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(listed.map((t) => Object.keys(t).sort())).toEqual([['createdAt', 'expiresAt', 'id', 'label', 'lastUsedAt', 'replacedBy', 'revokedAt', 'role', 'scopes', 'tenant']]);
    expect(await store.findToken(created.token, at(3599))).toEqual({ id: created.id, role: 'operator', tenant: null, scopes: null });
    expect(await store.findToken(created.token, at(3600))).toBeNull();
  });

  it('revokes at once, even a token the runtime has just verified (cached)', async () => {
    const store = await open();
    const created = await store.createToken('admin', T0);
    expect(await store.findToken(created.token, at(1))).not.toBeNull();
    const revoked = await store.revokeToken(created.id, ctx(2));
    expect(revoked.revokedAt).toBe(at(2).toISOString());
    expect(await store.findToken(created.token, at(3))).toBeNull();
    expect(store.findCachedToken(created.token, at(3))).toBeNull();
  });

  it('rotates: a new secret for the same role and lifetime, the old one valid only for the overlap', async () => {
    const store = await open();
    const old = await store.createToken('operator', T0, { label: 'deploy', expiresAt: at(86_400) });
    await store.findToken(old.token, at(10));
    const rotated = await store.rotateToken(old.id, { overlapSeconds: 300 }, ctx(100));
    expect(rotated.token).not.toBe(old.token);
    expect(rotated).toMatchObject({ role: 'operator', label: 'deploy', expiresAt: at(100 + 86_400).toISOString() });
    expect(await store.findToken(old.token, at(399))).toEqual({ id: old.id, role: 'operator', tenant: null, scopes: null });
    expect(await store.findToken(old.token, at(400))).toBeNull();
    expect(await store.findToken(rotated.token, at(400))).toEqual({ id: rotated.id, role: 'operator', tenant: null, scopes: null });
    const listed = await store.listTokens();
    expect(listed.find((t) => t.id === old.id)).toMatchObject({ replacedBy: rotated.id, expiresAt: at(400).toISOString() });

    const again = await store.rotateToken(rotated.id, {}, ctx(500));
    expect(await store.findToken(rotated.token, at(500))).toBeNull();
    await expect(store.rotateToken(rotated.id, {}, ctx(600))).rejects.toMatchObject({ slug: 'token-inactive' });
    await expect(store.revokeToken('nope', ctx(600))).rejects.toMatchObject({ slug: 'not-found' });
    expect(await store.findToken(again.token, at(600))).not.toBeNull();
  });

  it('keeps a token made without a tenant a platform operator token, and a tenant token and its scopes through rotation', async () => {
    const store = await open();
    const platform = await store.createToken('admin', T0);
    expect(platform.tenant).toBeNull();
    const tenant = await store.createToken('probe', T0, { tenant: 'acme-eu', scopes: ['evidence:write'], expiresAt: at(86_400) });
    expect(tenant).toMatchObject({ tenant: 'acme-eu', scopes: ['evidence:write'] });
    expect(await store.findToken(tenant.token, at(1))).toEqual({ id: tenant.id, role: 'probe', tenant: 'acme-eu', scopes: ['evidence:write'] });
    const rotated = await store.rotateToken(tenant.id, { overlapSeconds: 60 }, ctx(10));
    expect(rotated).toMatchObject({ role: 'probe', tenant: 'acme-eu', scopes: ['evidence:write'] });
    expect(await store.findToken(rotated.token, at(11))).toEqual({ id: rotated.id, role: 'probe', tenant: 'acme-eu', scopes: ['evidence:write'] });
    // The old one, still in its overlap, is the same principal.
    expect(await store.findToken(tenant.token, at(69))).toEqual({ id: tenant.id, role: 'probe', tenant: 'acme-eu', scopes: ['evidence:write'] });
    expect(await store.findToken(tenant.token, at(70))).toBeNull();
  });

  it('records the last use, at most once a minute', async () => {
    const store = await open();
    const created = await store.createToken('auditor', T0);
    const lastUsed = async () => (await store.listTokens())[0].lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await store.findToken(created.token, at(5));
    await store.findToken(created.token, at(30));
    await vi.waitFor(async () => expect(await lastUsed()).toBe(at(5).toISOString()));
    await store.findToken(created.token, at(65));
    await vi.waitFor(async () => expect(await lastUsed()).toBe(at(65).toISOString()));
  });
});
