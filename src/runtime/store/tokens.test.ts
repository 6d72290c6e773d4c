import { describe, expect, it } from 'vitest';
import type { Queryable } from './database.js';
import { hashToken, TokenCache } from './tokens.js';

function fakeDb(rows: Map<string, { id: string; role: string }>): Queryable & { lookups: string[] } {
  const lookups: string[] = [];
  return {
    lookups,
    async query<R>(_sql: string, params: unknown[] = []): Promise<R[]> {
      lookups.push(String(params[0]));
      const row = rows.get(String(params[0]));
      return (row ? [row] : []) as R[];
    },
    async exec(): Promise<void> {},
  };
}

describe('TokenCache', () => {
  it('looks a found token up once per TTL, by hash, and never caches unknown tokens', async () => {
    const rows = new Map<string, { id: string; role: string }>();
    const db = fakeDb(rows);
    let now = 0;
    const cache = new TokenCache(db, 30_000, () => now);
    expect(await cache.find('ilk_new')).toBeNull();
    rows.set(hashToken('ilk_new'), { id: 't1', role: 'operator' });
    expect(await cache.find('ilk_new')).toEqual({ id: 't1', role: 'operator' });
    expect(await cache.find('ilk_new')).toEqual({ id: 't1', role: 'operator' });
    expect(db.lookups).toEqual([hashToken('ilk_new'), hashToken('ilk_new')]);
    rows.delete(hashToken('ilk_new'));
    now = 30_000;
    expect(await cache.find('ilk_new')).toBeNull();
    expect(db.lookups).toHaveLength(3);
  });
});
