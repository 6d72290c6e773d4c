import pg from 'pg';
import type { Database, Queryable, QueryOptions, Row } from './database.js';
import type { PayloadCipher } from './payload-cipher.js';
import { currentTenant, tenantSessionSql } from './tenant-scope.js';

/** The production engine: a pool of connections to a PostgreSQL server. */
export async function openPgDatabase(connectionString: string, opts: { max?: number } = {}): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: opts.max ?? 10 });
  // A dropped idle connection must not crash the process; the pool replaces it on the next query.
  pool.on('error', () => undefined);
  const client = await pool.connect(); // fail fast on a bad URL or an unreachable server
  client.release();
  return new PgDatabase(pool);
}

/** node-postgres prepares a named statement once per connection and only binds it after. */
function statement(text: string, values: unknown[], options: QueryOptions): pg.QueryConfig {
  return options.name ? { name: options.name, text, values } : { text, values };
}

class PgDatabase implements Database {
  readonly engine = 'postgres' as const;
  payloads?: PayloadCipher;
  constructor(private readonly pool: pg.Pool) {}

  async query<R = Row>(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<R[]> {
    // In a tenant's scope a single statement is a transaction too: the role and setting are LOCAL to one.
    if (currentTenant() !== null) return this.transaction((tx) => tx.query<R>(sql, params, options));
    return (await this.pool.query(statement(sql, params, options))).rows as R[];
  }

  async exec(sql: string): Promise<void> {
    if (currentTenant() !== null) return this.transaction((tx) => tx.exec(sql));
    await this.pool.query(sql);
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const tx: Queryable = {
      payloads: this.payloads,
      async query<R = Row>(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<R[]> {
        return (await client.query(statement(sql, params, options))).rows as R[];
      },
      async exec(sql: string): Promise<void> {
        await client.query(sql);
      },
    };
    try {
      await client.query('BEGIN');
      const tenant = currentTenant();
      if (tenant !== null) await client.query(tenantSessionSql(tenant));
      const result = await fn(tx);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      // A failed ROLLBACK means the connection is broken: destroy it rather than return it to the pool.
      await client.query('ROLLBACK').then(
        () => client.release(),
        (rollbackError: Error) => client.release(rollbackError),
      );
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
