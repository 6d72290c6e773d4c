import type { JobKind } from '../scheduler/job-kind.js';
import type { Database } from './database.js';

/**
 * The embedded engine runs PostgreSQL in single-user mode, where autovacuum never runs: deleted and updated
 * rows (every delivery claim, every purge) are never reclaimed and the planner never gets statistics, so its
 * files only grow and its plans are guesses. PostgreSQL proper has autovacuum and needs nothing from us.
 */
export async function vacuumEmbedded(db: Database): Promise<{ tables: number }> {
  const [{ tables }] = await db.query<{ tables: number }>(`SELECT count(*)::int AS tables FROM pg_tables WHERE schemaname = current_schema()`);
  // VACUUM cannot run inside a transaction block; exec sends it on its own.
  await db.exec('VACUUM (ANALYZE)');
  return { tables };
}

/**
 * The job kind `store`: `store:vacuum` every hour at :53 on the embedded engine (and on demand with
 * `interlock jobs run store:vacuum`); no job on PostgreSQL.
 */
export function vacuumJobKind(db: Database): JobKind {
  return {
    kind: 'store',
    jobs: () => (db.engine === 'embedded' ? [{ id: 'store:vacuum', kind: 'store', integration: null, schedule: { cron: '53 * * * *', timezone: 'UTC', catchUp: 'latest' } }] : []),
    async run() {
      const { tables } = await vacuumEmbedded(db);
      return { items: tables };
    },
  };
}
