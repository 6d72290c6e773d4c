import { afterAll, describe, expect, it } from 'vitest';
import { insertCalls } from '../actions/queries.js';
import { insertEvent } from '../delivery/outbox-queries.js';
import type { Store } from '../store/store.js';
import { ENGINES, freshStore } from '../../../test/support/stores.js';
import { retentionJobKind } from './purge.js';
import { retentionRules } from './rules.js';

const T0 = new Date('2026-01-01T00:00:00Z');
const day = (n: number) => new Date(T0.getTime() + n * 86_400_000);
const target = { url: 'https://x.example/hook', secret: 'env:X', concurrency: 1, timeoutMs: 1000 } as never;

async function put(store: Store, kind: string, name: string, spec: Record<string, unknown>): Promise<void> {
  await store.putResource(kind, name, { spec }, { actor: 'test', now: T0 }, { actor: 'test', action: 'putResource', target: `${kind}/${name}`, data: {} });
}

/**
 * One event per case, routed to the named integrations at `at`; each delivery finished (delivered) unless listed
 * in `pending`, with an attempt log row, an action call (+ attempt) and an inbound record per integration.
 */
async function seed(store: Store, id: string, at: Date, integrations: string[], pending: string[] = []): Promise<void> {
  await store.db.transaction(async (tx) => {
    await insertEvent(tx, { id, type: 'incident.opened', data: { id }, idempotencyKey: null, source: 'test', acceptedAt: at.toISOString() }, integrations.map((integration) => ({ integration, variant: 'stable', target, body: '{}' })), new Set());
    await insertCalls(tx, [{ eventId: id, acceptedAt: at.toISOString(), calls: integrations.map((integration) => ({ integration, actionIndex: 0, action: { on: '*', call: 'op', with: {} }, request: {}, error: null })) }]);
    for (const integration of integrations) {
      const done = !pending.includes(integration);
      await tx.query(`UPDATE deliveries SET status = $3 WHERE event_id = $1 AND integration = $2`, [id, integration, done ? 'delivered' : 'pending']);
      await tx.query(`UPDATE action_calls SET status = $3 WHERE event_id = $1 AND integration = $2`, [id, integration, done ? 'succeeded' : 'pending']);
      await tx.query(
        `INSERT INTO delivery_attempts (delivery_id, generation, attempt, integration, variant, at, status, latency_ms, outcome)
         SELECT id, 0, 1, integration, 'stable', $3::timestamptz, 500, 1, 'retry' FROM deliveries WHERE event_id = $1 AND integration = $2`,
        [id, integration, at.toISOString()],
      );
      await tx.query(
        `INSERT INTO action_attempts (call_id, attempt, integration, operation, at, status, latency_ms, outcome)
         SELECT id, 1, integration, 'op', $3::timestamptz, 200, 1, 'succeeded' FROM action_calls WHERE event_id = $1 AND integration = $2`,
        [id, integration, at.toISOString()],
      );
      await tx.query('INSERT INTO inbound_messages (integration, message_id, fingerprint, event_id, received_at) VALUES ($1, $2, $3, $4, $5::timestamptz)', [integration, `m-${id}`, 'f', id, at.toISOString()]);
    }
  });
}

/** Every row the purge may touch, as `table:event:integration` (events as `events:id`). */
async function rows(store: Store): Promise<string[]> {
  const q = (sql: string) => store.db.query<{ k: string }>(sql).then((r) => r.map((x) => x.k));
  return [
    ...(await q("SELECT 'events:' || id AS k FROM events")),
    ...(await q("SELECT 'deliveries:' || event_id || ':' || integration AS k FROM deliveries")),
    ...(await q("SELECT 'delivery_attempts:' || d.event_id || ':' || a.integration AS k FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id")),
    ...(await q("SELECT 'action_calls:' || event_id || ':' || integration AS k FROM action_calls")),
    ...(await q("SELECT 'action_attempts:' || c.event_id || ':' || a.integration AS k FROM action_attempts a JOIN action_calls c ON c.id = a.call_id")),
    ...(await q("SELECT 'inbound_messages:' || event_id || ':' || integration AS k FROM inbound_messages")),
  ].sort();
}

/** The rows of one event for one integration (all five tables). */
const of = (event: string, integration: string) => ['deliveries', 'delivery_attempts', 'action_calls', 'action_attempts', 'inbound_messages'].map((t) => `${t}:${event}:${integration}`);

describe('retention rules', () => {
  it('takes the integration’s days, capped by the policy for its most sensitive field; none without a declaration', () => {
    const rules = retentionRules([
      { kind: 'RetentionPolicy', name: 'p', spec: { maxDays: { restricted: 10, internal: 400 } } },
      { kind: 'Integration', name: 'a', spec: { data: { retentionDays: 30 } } },
      { kind: 'Integration', name: 'b', spec: { data: { retentionDays: 365, fields: { 'X.ssn': { sensitivity: 'restricted' }, 'X.name': { sensitivity: 'internal' } } } } },
      { kind: 'Integration', name: 'c', spec: { data: { fields: { 'X.name': { sensitivity: 'internal' } } } } },
      { kind: 'Integration', name: 'd', spec: { data: {} } },
    ]);
    expect([...rules.values()]).toEqual([
      { integration: 'a', days: 30, from: 'integration' },
      { integration: 'b', days: 10, from: 'policy' },
      { integration: 'c', days: 400, from: 'policy' },
    ]);
  });
});

describe('the retention job', () => {
  it('is scheduled once an integration declares retention, not before', () => {
    const kind = retentionJobKind({} as Store);
    expect(kind.jobs([{ name: 'a', spec: {} }])).toEqual([]);
    expect(kind.jobs([{ name: 'a', spec: {} }, { name: 'b', spec: { data: { retentionDays: 30 } } }]).map((j) => j.id)).toEqual(['retention:purge']);
  });
});

describe.each(ENGINES)('retention purge on the %s store (clock moved forward)', (engine) => {
  let fixture: Awaited<ReturnType<typeof freshStore>> | undefined;
  afterAll(async () => fixture?.dispose());

  it('removes expired rows and nothing else, and audits the counts', async () => {
    fixture = await freshStore(engine);
    const { store } = fixture;
    await put(store, 'RetentionPolicy', 'retention', { maxDays: { restricted: 10 } });
    await put(store, 'Integration', 'short', { data: { retentionDays: 30 } });
    await put(store, 'Integration', 'long', { data: { retentionDays: 365 } });
    await put(store, 'Integration', 'capped', { data: { retentionDays: 365, fields: { 'Patient.id': { sensitivity: 'restricted' } } } });
    await seed(store, 'e1', T0, ['short', 'long']);
    await seed(store, 'e2', T0, ['short'], ['short']); // still pending: owed, never purged
    await seed(store, 'e3', T0, ['capped']);
    await seed(store, 'e4', day(25), ['short']);
    const kind = retentionJobKind(store);
    const run = (at: Date) => kind.run({ job: kind.jobs([{ name: 'short', spec: { data: { retentionDays: 30 } } }])[0], runId: 'r', scheduledFor: at, trigger: 'manual', signal: new AbortController().signal });

    const start = await rows(store);
    expect(await run(day(9))).toEqual({ items: 0 }); // nothing has expired yet

    // Day 31: short's T0 rows (30 days) and capped's (10 days by the policy) go; e2's pending delivery and call stay
    // (their attempt logs and inbound record do expire); e4 (25 days old) and long stay; no event goes (365 days).
    const expired31 = [...of('e1', 'short'), ...of('e3', 'capped'), 'delivery_attempts:e2:short', 'action_attempts:e2:short', 'inbound_messages:e2:short'];
    const r31 = await run(day(31));
    const after31 = await rows(store);
    expect(after31).toEqual(start.filter((k) => !expired31.includes(k)));
    expect(r31).toEqual({ items: expired31.length });

    // Day 366: long's rows and e4's (now 341 days old) go; events without rows left and older than 365 days go:
    // e1 and e3, not e2 (still referenced by its pending delivery) nor e4 (accepted on day 25).
    const expired366 = [...of('e1', 'long'), ...of('e4', 'short'), 'events:e1', 'events:e3'];
    await run(day(366));
    expect(await rows(store)).toEqual(after31.filter((k) => !expired366.includes(k)));
    expect(await rows(store)).toEqual(['action_calls:e2:short', 'deliveries:e2:short', 'events:e2', 'events:e4']);

    const audit = (await store.audit(0, 1000)).entries.filter((e) => e.action === 'retention.purged');
    expect(audit.map((e) => (e.data as { counts: { events: number } }).counts.events)).toEqual([0, 2]);
  });

  it('removes no event by age while an applied integration declares no retention', async () => {
    const f = await freshStore(engine);
    try {
      await put(f.store, 'Integration', 'short', { data: { retentionDays: 1 } });
      await put(f.store, 'Integration', 'forever', { data: {} });
      await seed(f.store, 'e1', T0, ['short']);
      const kind = retentionJobKind(f.store);
      await kind.run({ job: kind.jobs([{ name: 'short', spec: { data: { retentionDays: 1 } } }])[0], runId: 'r', scheduledFor: day(4000), trigger: 'manual', signal: new AbortController().signal });
      expect(await rows(f.store)).toEqual(['events:e1']);
    } finally {
      await f.dispose();
    }
  });
});
