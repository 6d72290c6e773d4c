import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './migrations/index.js';
import { pgliteTemplateCache, templateKey, type PgliteTemplateCache } from './pglite-template.js';
import { openStore } from './store.js';

const dirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The per-machine cache, in a temporary folder, counting the templates it hands out. */
function countingCache(): PgliteTemplateCache & { loads: number } {
  const inner = pgliteTemplateCache(MIGRATIONS, { INTERLOCK_CACHE_DIR: tempDir('interlock-cache-') });
  if (!inner) throw new Error('cache expected');
  const cache = {
    loads: 0,
    file: inner.file,
    read() {
      const blob = inner.read();
      if (blob) cache.loads++;
      return blob;
    },
    write: (tarball: Blob) => inner.write(tarball),
    discard: () => inner.discard(),
  };
  return cache;
}

describe('fresh embedded stores from a template', () => {
  it('writes the template on the first fresh store and copies it for the next, which shares no data', async () => {
    const cache = countingCache();
    const first = await openStore({ dataDir: tempDir('interlock-tpl-a-') }, { template: cache });
    expect(existsSync(cache.file)).toBe(true);
    expect(cache.loads).toBe(0);
    await first.createToken('operator', new Date('2026-12-05T00:00:00Z'));
    await first.close();

    const second = await openStore({ dataDir: tempDir('interlock-tpl-b-') }, { template: cache });
    try {
      expect(cache.loads).toBe(1);
      expect(await second.revision()).toBe(0);
      expect(await second.listTokens()).toEqual([]);
      const ids = await second.db.query<{ id: number }>('SELECT id FROM interlock_migrations ORDER BY id');
      expect(ids.map((r) => Number(r.id))).toEqual(MIGRATIONS.map((m) => m.id));
      const { token } = await second.createToken('operator', new Date('2026-12-05T00:00:00Z'));
      expect((await second.findToken(token))?.role).toBe('operator');
    } finally {
      await second.close();
    }
  });

  it('ignores a damaged template, initialises from scratch and replaces it', async () => {
    const cache = countingCache();
    rmSync(path.dirname(cache.file), { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.dirname(cache.file), { recursive: true });
    writeFileSync(cache.file, 'not a tarball');
    const store = await openStore({ dataDir: tempDir('interlock-tpl-c-') }, { template: cache });
    try {
      expect(cache.loads).toBe(1);
      expect(await store.revision()).toBe(0);
      expect((await store.db.query<{ n: number }>('SELECT count(*)::int AS n FROM interlock_migrations'))[0].n).toBe(MIGRATIONS.length);
    } finally {
      await store.close();
    }
    expect(cache.read()?.size ?? 0).toBeGreaterThan(1_000_000);
  });

  it('names the template after the migrations, so a new migration never loads an old template', () => {
    const withExtra = [...MIGRATIONS, { id: 9999, name: 'extra', up: 'CREATE TABLE extra (id int)' }];
    expect(templateKey(withExtra)).not.toBe(templateKey(MIGRATIONS));
    expect(templateKey(MIGRATIONS)).toBe(templateKey([...MIGRATIONS]));
    expect(pgliteTemplateCache(MIGRATIONS, { INTERLOCK_PGLITE_TEMPLATE: 'off' })).toBeUndefined();
  });
});
