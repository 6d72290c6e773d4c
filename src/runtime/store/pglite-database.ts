import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Database, Queryable, Row } from './database.js';

/**
 * The embedded engine: PGlite with its data directory on disk. PGlite runs one backend in this process,
 * so statements are serialised; `transaction` holds that backend for the whole callback.
 */
export async function openPgliteDatabase(dataDir: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const db = new PGlite(dataDir);
  await db.waitReady;
  return new PgliteDatabase(db);
}

class PgliteDatabase implements Database {
  readonly engine = 'embedded' as const;
  constructor(private readonly db: PGlite) {}

  async query<R = Row>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.db.query<R>(sql, params)).rows;
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) => fn(wrap(tx)));
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}

function wrap(tx: Transaction): Queryable {
  return {
    async query<R = Row>(sql: string, params: unknown[] = []): Promise<R[]> {
      return (await tx.query<R>(sql, params)).rows;
    },
    async exec(sql: string): Promise<void> {
      await tx.exec(sql);
    },
  };
}
