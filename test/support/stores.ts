import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPgliteDatabase } from '../../src/runtime/store/pglite-database.js';
import { openStore, type Store, type StoreLocation } from '../../src/runtime/store/store.js';

/**
 * Test fixtures for the one behaviour suite that runs against both engines. Each call gives a fresh,
 * empty location: a copy of a pre-initialised PGlite directory (initdb takes seconds, a copy a fraction),
 * or a new schema in the PostgreSQL test database.
 */
export const TEST_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/test';

export interface TestLocation {
  engine: 'embedded' | 'postgres';
  location: StoreLocation;
  /** Drops the schema or removes the directory. */
  dispose(): Promise<void>;
}

export const ENGINES = ['embedded', 'postgres'] as const;

export async function freshLocation(engine: 'embedded' | 'postgres'): Promise<TestLocation> {
  if (engine === 'embedded') {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'interlock-rt-test-'));
    cpSync(await pgliteTemplate(), path.join(dataDir, 'pg'), { recursive: true });
    return { engine, location: { dataDir }, dispose: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const schema = `rt_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const databaseUrl = `${TEST_POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    engine,
    location: { databaseUrl },
    dispose: async () => {
      const c = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

export async function freshStore(engine: 'embedded' | 'postgres'): Promise<{ store: Store; location: TestLocation; dispose(): Promise<void> }> {
  const location = await freshLocation(engine);
  const store = await openStore(location.location);
  return {
    store,
    location,
    dispose: async () => {
      await store.close();
      await location.dispose();
    },
  };
}

let template: Promise<string> | undefined;

/** An initdb'd but empty PGlite directory, shared by test files through the temp dir (created atomically). */
function pgliteTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = path.join(tmpdir(), 'interlock-pglite-template-v1');
    if (existsSync(path.join(dir, 'PG_VERSION'))) return dir;
    const staging = mkdtempSync(path.join(tmpdir(), 'interlock-pglite-staging-'));
    const { database } = await openPgliteDatabase(staging);
    await database.close();
    try {
      renameSync(staging, dir);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another worker won the race
    }
    return dir;
  })();
  return template;
}
