import { describe, expect, it } from 'vitest';
import type { Queryable } from './database.js';
import { LAST_USED_INTERVAL_MS, TokenCache } from './token-cache.js';
import { hashToken } from './tokens.js';

interface Row {
  id: string;
  role: string;
  expires_at: string | null;
}

function fakeDb(rows: Map<string, Row>): Queryable & { lookups: string[]; lastUsed: [string, string][] } {
  const lookups: string[] = [];
  const lastUsed: [string, string][] = [];
  return {
    lookups,
    lastUsed,
    async query<R>(sql: string, params: unknown[] = []): Promise<R[]> {
      if (sql.startsWith('UPDATE access_tokens SET last_used_at')) {
        lastUsed.push([String(params[0]), String(params[1])]);
        return [];
      }
      lookups.push(String(params[0]));
      const row = rows.get(String(params[0]));
      return (row ? [row] : []) as R[];
    },
    async exec(): Promise<void> {},
  };
}

describe('TokenCache', () => {
  it('looks a found token up once per TTL, by hash, and never caches unknown tokens', async () => {
    const rows = new Map<string, Row>();
    const db = fakeDb(rows);
    const cache = new TokenCache(db, 30_000, () => 0);
    expect(await cache.find('ilk_new', 0)).toBeNull();
    rows.set(hashToken('ilk_new'), { id: 't1', role: 'operator', expires_at: null });
    expect(await cache.find('ilk_new', 0)).toEqual({ id: 't1', role: 'operator', tenant: null, scopes: null });
    expect(await cache.find('ilk_new', 0)).toEqual({ id: 't1', role: 'operator', tenant: null, scopes: null });
    expect(db.lookups).toEqual([hashToken('ilk_new'), hashToken('ilk_new')]);
    rows.delete(hashToken('ilk_new'));
    expect(await cache.find('ilk_new', 30_000)).toBeNull();
    expect(db.lookups).toHaveLength(3);
  });

  it('judges expiry on every request, cached or not', async () => {
    const rows = new Map([[hashToken('ilk_x'), { id: 't1', role: 'operator', expires_at: new Date(10_000).toISOString() }]]);
    const cache = new TokenCache(fakeDb(rows), 30_000);
    expect(await cache.find('ilk_x', 9_999)).toEqual({ id: 't1', role: 'operator', tenant: null, scopes: null });
    expect(await cache.find('ilk_x', 10_000)).toBeNull();
    expect(cache.peek('ilk_x', 10_000)).toBeNull();
  });

  it('forgets a token at once when told (revocation in this process)', async () => {
    const rows = new Map([[hashToken('ilk_x'), { id: 't1', role: 'operator', expires_at: null }]]);
    const db = fakeDb(rows);
    const cache = new TokenCache(db, 30_000);
    await cache.find('ilk_x', 0);
    rows.delete(hashToken('ilk_x'));
    cache.forget('t1');
    expect(await cache.find('ilk_x', 1)).toBeNull();
  });

  it('writes the last-used time at most once a minute per token, whatever the request rate', async () => {
    const rows = new Map([[hashToken('ilk_x'), { id: 't1', role: 'operator', expires_at: null }]]);
    const db = fakeDb(rows);
    const cache = new TokenCache(db, 30_000);
    for (let t = 0; t < 3 * LAST_USED_INTERVAL_MS; t += 1000) await cache.find('ilk_x', t);
    await cache.settle();
    expect(db.lastUsed.map(([id, at]) => [id, new Date(at).getTime()])).toEqual([
      ['t1', 0],
      ['t1', LAST_USED_INTERVAL_MS],
      ['t1', 2 * LAST_USED_INTERVAL_MS],
    ]);
  });
});
