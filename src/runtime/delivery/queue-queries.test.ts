import { afterEach, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../store/database.js';
import { ENGINES, freshStore } from '../../../test/support/stores.js';
import { claimDue, selectDue } from './queue-queries.js';

const BACKLOG = 4000;
const NOW = new Date('2030-01-01T00:00:00Z');

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const flatten = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(flatten)];

/**
 * The store with each claim statement (an UPDATE or SELECT on deliveries) explained instead of run, in the
 * transaction and with the settings the claim itself uses: the plans the claim would run with.
 */
function explaining(db: Database, plans: PlanNode[][]): Database {
  const explain = (q: Queryable): Queryable => ({
    payloads: q.payloads,
    exec: (sql) => q.exec(sql),
    async query<R>(sql: string, params?: unknown[]): Promise<R[]> {
      if (!/^\s*(UPDATE|SELECT)\b[\s\S]*\bdeliveries\b/.test(sql)) return q.query<R>(sql, params);
      const [row] = await q.query<Record<string, unknown>>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
      const json = Object.values(row)[0];
      const [{ Plan }] = (typeof json === 'string' ? JSON.parse(json) : json) as [{ Plan: PlanNode }];
      plans.push(flatten(Plan));
      return [];
    },
  });
  return { ...db, payloads: db.payloads, engine: db.engine, query: explain(db).query, exec: explain(db).exec, transaction: (fn) => db.transaction((tx) => fn(explain(tx))), close: () => db.close() };
}

describe.each(ENGINES)('claiming due deliveries on the %s store', (engine) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });

  async function backlog(): Promise<Database> {
    const fresh = await freshStore(engine);
    dispose = fresh.dispose;
    const { db } = fresh.store;
    // Due in reverse order of creation, so that an order by anything but next_attempt_at shows.
    await db.query(`INSERT INTO events (id, type, data, source, accepted_at) SELECT 'evt_' || g, 'bench.created', '{}', 'test', $1::timestamptz FROM generate_series(1, $2::int) g`, [NOW.toISOString(), BACKLOG]);
    await db.query(
      `INSERT INTO deliveries (id, event_id, integration, variant, target, body, status, next_attempt_at, created_at)
       SELECT 'dlv_' || g, 'evt_' || g, 'hooks-' || (g % 3), 'primary', '{}', '{}', 'pending',
              $1::timestamptz - g * interval '1 ms', $1::timestamptz - interval '1 hour' + g * interval '1 ms'
       FROM generate_series(1, $2::int) g`,
      [NOW.toISOString(), BACKLOG],
    );
    return db;
  }

  it('walks the due index in order and stops at the limit instead of sorting every due delivery', async () => {
    const db = await backlog();
    const plans: PlanNode[][] = [];
    const spy = explaining(db, plans);
    await claimDue(spy, { now: NOW, lockedUntil: new Date(NOW.getTime() + 60_000), limit: 50, skipIntegrations: ['hooks-1'] });
    await selectDue(spy, { now: NOW, limit: 50, skipIntegrations: ['hooks-1'], held: ['dlv_1'] });
    expect(plans).toHaveLength(2);
    for (const plan of plans) {
      expect(plan.map((n) => n['Node Type'])).not.toContain('Sort');
      expect(plan.map((n) => n['Node Type'])).toContain('Limit');
      expect(plan.filter((n) => n['Node Type'] === 'Index Scan').map((n) => n['Index Name'])).toContain('deliveries_due');
    }
  }, 120_000);

  it('takes the earliest due first, up to the limit, leaving out skipped integrations and held deliveries', async () => {
    const db = await backlog();
    const selected = await selectDue(db, { now: NOW, limit: 5, skipIntegrations: ['hooks-1'], held: ['dlv_3999'] });
    // Due first: 4000, 3999, 3998 …; 4000, 3997, 3994 … are hooks-1 (g % 3 = 1); 3999 is held.
    expect(selected.map((j) => j.id)).toEqual(['dlv_3998', 'dlv_3996', 'dlv_3995', 'dlv_3993', 'dlv_3992']);
    const claimed = await claimDue(db, { now: NOW, lockedUntil: new Date(NOW.getTime() + 60_000), limit: 3, skipIntegrations: ['hooks-1'] });
    // Returned in creation order; the three earliest due (not skipped) are claimed.
    expect(claimed.map((j) => j.id)).toEqual(['dlv_3996', 'dlv_3998', 'dlv_3999']);
    const again = await claimDue(db, { now: NOW, lockedUntil: new Date(NOW.getTime() + 60_000), limit: 2, skipIntegrations: ['hooks-1'] });
    expect(again.map((j) => j.id)).toEqual(['dlv_3993', 'dlv_3995']);
  }, 120_000);
});
