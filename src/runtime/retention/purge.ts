import type { JobKind } from '../scheduler/job-kind.js';
import { appendAudit } from '../store/audit-log.js';
import { toNumber } from '../store/rows.js';
import type { Store } from '../store/store.js';
import { retentionRules, type RetentionRule } from './rules.js';

const DAY_MS = 86_400_000;

/** Rows removed, by table. */
export type PurgeCounts = Record<'deliveries' | 'delivery_attempts' | 'action_calls' | 'action_attempts' | 'inbound_messages' | 'events', number>;

export interface PurgeResult {
  counts: PurgeCounts;
  rules: RetentionRule[];
  /** Events were kept by age because an applied integration declares no retention (it may still read them). */
  eventsKeptBy: string[];
}

/**
 * Removes what has outlived its integration's retention at `now`: finished deliveries and action calls (a
 * pending one is still owed and stays), their attempt logs and inbound de-duplication records, each by its own
 * time. An event goes once nothing references it and it is older than the longest retention declared by any
 * applied integration (exports and streams read events, so the longest-lived reader decides); if an
 * integration declares none, no event is removed by age. One transaction, audited with the counts.
 */
export async function purgeExpired(store: Store, now: Date): Promise<PurgeResult> {
  const state = await store.state();
  const rules = [...retentionRules(state.resources).values()];
  const integrations = state.resources.filter((r) => r.kind === 'Integration').map((r) => r.name);
  const eventsKeptBy = integrations.filter((name) => !rules.some((r) => r.integration === name));
  const counts: PurgeCounts = { deliveries: 0, delivery_attempts: 0, action_calls: 0, action_attempts: 0, inbound_messages: 0, events: 0 };
  await store.db.transaction(async (tx) => {
    const count = async (sql: string, params: unknown[]): Promise<number> => toNumber((await tx.query<{ n: unknown }>(`WITH gone AS (${sql} RETURNING 1) SELECT count(*) AS n FROM gone`, params))[0].n);
    for (const rule of rules) {
      const cutoff = new Date(now.getTime() - rule.days * DAY_MS).toISOString();
      const p = [rule.integration, cutoff];
      counts.delivery_attempts += await count('DELETE FROM delivery_attempts WHERE integration = $1 AND at < $2::timestamptz', p);
      counts.deliveries += await count("DELETE FROM deliveries WHERE integration = $1 AND created_at < $2::timestamptz AND status <> 'pending'", p);
      counts.action_attempts += await count('DELETE FROM action_attempts WHERE integration = $1 AND at < $2::timestamptz', p);
      counts.action_calls += await count("DELETE FROM action_calls WHERE integration = $1 AND created_at < $2::timestamptz AND status <> 'pending'", p);
      counts.inbound_messages += await count('DELETE FROM inbound_messages WHERE integration = $1 AND received_at < $2::timestamptz', p);
    }
    if (rules.length && !eventsKeptBy.length) {
      const longest = Math.max(...rules.map((r) => r.days));
      counts.events = await count(
        `DELETE FROM events e WHERE e.accepted_at < $1::timestamptz
           AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id)
           AND NOT EXISTS (SELECT 1 FROM action_calls c WHERE c.event_id = e.id)`,
        [new Date(now.getTime() - longest * DAY_MS).toISOString()],
      );
    }
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if (total) {
      await appendAudit(tx, { actor: 'runtime', action: 'retention.purged', target: 'store', data: { at: now.toISOString(), counts, rules: rules.map((r) => ({ integration: r.integration, days: r.days, from: r.from })) } }, now);
    }
  });
  return { counts, rules, eventsKeptBy };
}

/** Only integrations that declare retention days or classified fields (which a RetentionPolicy caps) can have a rule. */
function declaresRetention(i: { spec: Record<string, unknown> }): boolean {
  const data = i.spec.data as { retentionDays?: unknown; fields?: unknown } | undefined;
  return data?.retentionDays !== undefined || data?.fields !== undefined;
}

/**
 * The job kind `retention`: `retention:purge` every hour at :23 (and on demand with `interlock jobs run
 * retention:purge`) once an applied integration declares retention.
 */
export function retentionJobKind(store: Store): JobKind {
  return {
    kind: 'retention',
    jobs: (integrations) => (integrations.some(declaresRetention) ? [{ id: 'retention:purge', kind: 'retention', integration: null, schedule: { cron: '23 * * * *', timezone: 'UTC', catchUp: 'latest' } }] : []),
    async run({ scheduledFor }) {
      const { counts } = await purgeExpired(store, scheduledFor);
      return { items: Object.values(counts).reduce((a, b) => a + b, 0) };
    },
  };
}
