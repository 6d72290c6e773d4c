import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditInput } from '../model.js';
import { ENGINES, freshStore, TEST_POSTGRES_URL } from '../../../test/support/stores.js';
import type { Queryable } from './database.js';
import type { Store } from './store.js';
import { withTenant } from './tenant-scope.js';

const audit: AuditInput = { actor: 'test', action: 'putResource', target: 'Vendor/acme', data: {} };
const ctx = { actor: 'tester', now: new Date('2026-01-01T00:00:00.000Z') };

/**
 * Row-level security itself (migration 0017), below the application: raw SQL under the tenant role sees
 * and writes only its tenant's rows, on both engines.
 */
describe.each(ENGINES)('tenant row-level security on %s', (engine) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let searchPath = '';
  /** A raw transaction outside the store's own scoping: on PostgreSQL a separate superuser connection. */
  let raw: <T>(fn: (q: Queryable) => Promise<T>) => Promise<T>;

  beforeAll(async () => {
    const fresh = await freshStore(engine);
    ({ store, dispose } = fresh);
    const location = fresh.location.location;
    if ('databaseUrl' in location) {
      searchPath = decodeURIComponent(location.databaseUrl).split('search_path=')[1] ?? '';
      raw = async (fn) => {
        const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
        await client.connect();
        try {
          await client.query(`SET search_path = ${searchPath}`);
          const q: Queryable = {
            query: async (sql, params) => (await client.query(sql, params)).rows as never,
            exec: async (sql) => void (await client.query(sql)),
          };
          await client.query('BEGIN');
          try {
            return await fn(q);
          } finally {
            await client.query('ROLLBACK');
          }
        } finally {
          await client.end();
        }
      };
    } else {
      raw = (fn) => store.db.transaction(fn);
    }
    await withTenant('tenant-a', () => store.putResource('Vendor', 'acme', { spec: { legalName: 'Acme A' } }, ctx, audit));
    await withTenant('tenant-b', () => store.putResource('Vendor', 'acme', { spec: { legalName: 'Acme B' } }, ctx, audit));
  });
  afterAll(async () => dispose?.());

  it('keeps the same name apart in two tenants through the store', async () => {
    expect((await withTenant('tenant-a', () => store.resource('Vendor', 'acme')))?.spec).toEqual({ legalName: 'Acme A' });
    expect((await withTenant('tenant-b', () => store.resource('Vendor', 'acme')))?.spec).toEqual({ legalName: 'Acme B' });
    expect(await withTenant('tenant-c', () => store.resource('Vendor', 'acme'))).toBeNull();
    const names = async (t: string) => (await withTenant(t, () => store.state())).resources.map((r) => `${r.name}:${JSON.stringify(r.spec)}`);
    expect(await names('tenant-a')).toEqual(['acme:{"legalName":"Acme A"}']);
    // The second read is served from the state cache: it must be tenant b's, not a's cached text.
    expect(await names('tenant-b')).toEqual(['acme:{"legalName":"Acme B"}']);
    expect(await names('tenant-b')).toEqual(['acme:{"legalName":"Acme B"}']);
  });

  it('platform work (no scope) sees every tenant', async () => {
    const rows = await store.db.query<{ tenant_id: string }>("SELECT tenant_id FROM resources WHERE name = 'acme' ORDER BY tenant_id");
    expect(rows.map((r) => r.tenant_id)).toEqual(['tenant-a', 'tenant-b']);
  });

  it('under the tenant role without a tenant setting, a raw query sees no rows', async () => {
    const seen = await raw(async (q) => {
      await q.exec('SET LOCAL ROLE interlock_tenant');
      return q.query<{ n: unknown }>('SELECT count(*) AS n FROM resources');
    });
    expect(Number(seen[0].n)).toBe(0);
  });

  it('under the tenant role, a raw query without any WHERE sees only its tenant', async () => {
    const seen = await raw(async (q) => {
      await q.exec("SET LOCAL ROLE interlock_tenant; SET LOCAL interlock.tenant = 'tenant-a'");
      return q.query<{ tenant_id: string; spec: string }>('SELECT tenant_id, spec FROM resources');
    });
    expect(seen).toEqual([{ tenant_id: 'tenant-a', spec: '{"legalName":"Acme A"}' }]);
    const audits = await raw(async (q) => {
      await q.exec("SET LOCAL ROLE interlock_tenant; SET LOCAL interlock.tenant = 'tenant-a'");
      return q.query<{ tenant_id: string }>('SELECT DISTINCT tenant_id FROM audit_log');
    });
    expect(audits).toEqual([{ tenant_id: 'tenant-a' }]);
  });

  it('refuses to write or move a row into another tenant, and cannot touch its rows', async () => {
    const insert = raw(async (q) => {
      await q.exec("SET LOCAL ROLE interlock_tenant; SET LOCAL interlock.tenant = 'tenant-a'");
      await q.query(
        `INSERT INTO resources (tenant_id, kind, name, spec, labels, hash, protect, revision, updated_at) VALUES ('tenant-b', 'Vendor', 'x', '{}', '{}', 'h', false, 1, now())`,
      );
    });
    await expect(insert).rejects.toThrow(/row-level security/);
    const move = raw(async (q) => {
      await q.exec("SET LOCAL ROLE interlock_tenant; SET LOCAL interlock.tenant = 'tenant-a'");
      await q.query("UPDATE resources SET tenant_id = 'tenant-b' WHERE name = 'acme'");
    });
    await expect(move).rejects.toThrow(/row-level security/);
    const touched = await raw(async (q) => {
      await q.exec("SET LOCAL ROLE interlock_tenant; SET LOCAL interlock.tenant = 'tenant-a'");
      const updated = await q.query("UPDATE resources SET protect = true WHERE tenant_id = 'tenant-b' RETURNING name");
      const deleted = await q.query("DELETE FROM resources WHERE tenant_id = 'tenant-b' RETURNING name");
      return updated.length + deleted.length;
    });
    expect(touched).toBe(0);
  });

  it("gives a worker's child row its parent's tenant", async () => {
    const id = `evt-${engine}`;
    await withTenant('tenant-a', () =>
      store.db.query("INSERT INTO events (id, type, data, idempotency_key, source, accepted_at) VALUES ($1, 't', 'null', 'k1', 's', now())", [id]),
    );
    // The same idempotency key in another tenant is another event.
    await withTenant('tenant-b', () =>
      store.db.query("INSERT INTO events (id, type, data, idempotency_key, source, accepted_at) VALUES ($1, 't', 'null', 'k1', 's', now())", [`${id}-b`]),
    );
    await store.db.query("INSERT INTO stream_outbox (integration, event_id) VALUES ('i', $1)", [id]);
    const [row] = await store.db.query<{ tenant_id: string }>('SELECT tenant_id FROM stream_outbox WHERE event_id = $1', [id]);
    expect(row.tenant_id).toBe('tenant-a');
  });
});
