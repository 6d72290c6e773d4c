import { afterEach, describe, expect, it } from 'vitest';
import { ENGINES, freshStore } from '../../../test/support/stores.js';
import type { Store } from './store.js';
import { vacuumJobKind } from './vacuum.js';

interface TableStats {
  relname: string;
  vacuumed: boolean;
  analyzed: boolean;
}

const stats = (store: Store) =>
  store.db.query<TableStats>(`SELECT relname, last_vacuum IS NOT NULL AS vacuumed, last_analyze IS NOT NULL AS analyzed FROM pg_stat_user_tables WHERE relname = 'inbound_messages'`);

describe.each(ENGINES)('store:vacuum (%s store)', (engine) => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });

  it(engine === 'embedded' ? 'vacuums and analyses every table, reclaiming deleted rows' : 'is not scheduled: autovacuum does this', async () => {
    const fresh = await freshStore(engine);
    dispose = fresh.dispose;
    const kind = vacuumJobKind(fresh.store.db);
    const jobs = kind.jobs([]);
    if (engine === 'postgres') {
      expect(jobs).toEqual([]);
      return;
    }
    expect(jobs.map((j) => j.id)).toEqual(['store:vacuum']);
    const { db } = fresh.store;
    const churn = `INSERT INTO inbound_messages (integration, message_id, fingerprint, event_id, received_at)
      SELECT 'acme', 'm-' || g, 'f', NULL, now() FROM generate_series(1, 4000) g`;
    await db.exec(churn);
    await db.exec('DELETE FROM inbound_messages');
    expect(await stats(fresh.store)).toEqual([{ relname: 'inbound_messages', vacuumed: false, analyzed: false }]);
    const size = async () => Number((await db.query<{ bytes: string }>(`SELECT pg_relation_size('inbound_messages')::text AS bytes`))[0].bytes);
    const grown = await size();

    const result = await kind.run({ job: jobs[0], runId: 'r1', scheduledFor: new Date(), trigger: 'manual', signal: new AbortController().signal });
    expect(result).toMatchObject({ items: expect.any(Number) });
    expect(await stats(fresh.store)).toEqual([{ relname: 'inbound_messages', vacuumed: true, analyzed: true }]);
    // The dead rows' space is reused: the same churn again does not double the table.
    await db.exec(churn);
    expect(await size()).toBeLessThanOrEqual(grown);
  });
});
