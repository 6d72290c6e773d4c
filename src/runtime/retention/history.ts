import type { JobKind } from '../scheduler/job-kind.js';
import { appendAudit } from '../store/audit-log.js';
import type { Database } from '../store/database.js';
import { toNumber } from '../store/rows.js';

const DAY_MS = 86_400_000;

/** Thirteen months: a monthly report and a year-on-year comparison still find their month. */
export const DEFAULT_HISTORY_DAYS = 400;

/** Rows removed, by table. */
export type HistoryCounts = Record<'trust_scores' | 'job_runs' | 'alerts', number>;

/**
 * The runtime's own history has no integration to take a retention from, yet grows every minute: the monitor
 * writes a trust score per integration per tick (1,000 integrations → 1.4 million rows a day) and every job
 * run leaves a row. This removes scores and finished job runs older than `days`, and alerts resolved before
 * then (an open alert stays however old). Erasure evidence, export runs and the audit log are records, not
 * history, and are never removed here. One transaction, audited with the counts.
 */
export async function purgeHistory(db: Database, now: Date, days: number): Promise<HistoryCounts> {
  const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
  const counts: HistoryCounts = { trust_scores: 0, job_runs: 0, alerts: 0 };
  await db.transaction(async (tx) => {
    const count = async (sql: string): Promise<number> => toNumber((await tx.query<{ n: unknown }>(`WITH gone AS (${sql} RETURNING 1) SELECT count(*) AS n FROM gone`, [cutoff]))[0].n);
    counts.trust_scores = await count('DELETE FROM trust_scores WHERE at < $1::timestamptz');
    counts.job_runs = await count('DELETE FROM job_runs WHERE finished_at < $1::timestamptz');
    counts.alerts = await count("DELETE FROM alerts WHERE status = 'resolved' AND resolved_at < $1::timestamptz");
    if (counts.trust_scores + counts.job_runs + counts.alerts > 0) {
      await appendAudit(tx, { actor: 'runtime', action: 'history.purged', target: 'store', data: { at: now.toISOString(), days, counts } }, now);
    }
  });
  return counts;
}

/** The job kind `history`: `history:purge` daily at 03:37 UTC (and on demand with `interlock jobs run history:purge`). */
export function historyJobKind(db: Database, days: number = DEFAULT_HISTORY_DAYS): JobKind {
  return {
    kind: 'history',
    jobs: () => [{ id: 'history:purge', kind: 'history', integration: null, schedule: { cron: '37 3 * * *', timezone: 'UTC', catchUp: 'latest' } }],
    async run({ scheduledFor }) {
      const counts = await purgeHistory(db, scheduledFor, days);
      return { items: counts.trust_scores + counts.job_runs + counts.alerts };
    },
  };
}
