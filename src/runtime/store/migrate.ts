import type { Database } from './database.js';
import type { Migration } from './migrations/index.js';

// Arbitrary, fixed: serialises runtimes that start against the same PostgreSQL database at once.
const MIGRATION_LOCK = 7300_0001;

/** Applies the pending migrations, each in the same transaction as its record; returns the ids applied. */
export async function migrate(db: Database, migrations: readonly Migration[]): Promise<number[]> {
  assertOrdered(migrations);
  await db.exec(`CREATE TABLE IF NOT EXISTS interlock_migrations (
    id integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL
  )`);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const done = new Set((await tx.query<{ id: number }>('SELECT id FROM interlock_migrations')).map((r) => Number(r.id)));
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      await tx.exec(m.up);
      await tx.query('INSERT INTO interlock_migrations (id, name, applied_at) VALUES ($1, $2, now())', [m.id, m.name]);
      applied.push(m.id);
    }
    return applied;
  });
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (i > 0 && m.id <= migrations[i - 1].id) throw new Error(`migration ${m.id} (${m.name}) is out of order`);
  });
}
