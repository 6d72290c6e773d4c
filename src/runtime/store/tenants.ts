import type { Queryable } from './database.js';
import { toIso } from './rows.js';

/** A tenant's settings (migration 0017); a tenant with no row has none (not pinned). */
export interface TenantRecord {
  id: string;
  /** The only region the tenant's data may be served from or exported to; null: anywhere. */
  region: string | null;
  createdAt: string;
  updatedAt: string;
}

interface TenantRow {
  id: string;
  region: string | null;
  created_at: unknown;
  updated_at: unknown;
}

const fromRow = (r: TenantRow): TenantRecord => ({ id: r.id, region: r.region, createdAt: toIso(r.created_at), updatedAt: toIso(r.updated_at) });

export async function listTenants(db: Queryable): Promise<TenantRecord[]> {
  return (await db.query<TenantRow>('SELECT id, region, created_at, updated_at FROM tenants ORDER BY id COLLATE "C"')).map(fromRow);
}

export async function tenantRegion(db: Queryable, id: string): Promise<string | null> {
  const [row] = await db.query<{ region: string | null }>('SELECT region FROM tenants WHERE id = $1', [id]);
  return row?.region ?? null;
}

/** Creates the tenant's row or changes its region; returns it and whether it was new. */
export async function putTenant(tx: Queryable, id: string, region: string | null, now: Date): Promise<{ tenant: TenantRecord; created: boolean }> {
  const [row] = await tx.query<TenantRow & { created: boolean }>(
    `INSERT INTO tenants (id, region, created_at, updated_at) VALUES ($1, $2, $3::timestamptz, $3::timestamptz)
     ON CONFLICT (id) DO UPDATE SET region = EXCLUDED.region, updated_at = EXCLUDED.updated_at
     RETURNING id, region, created_at, updated_at, (xmax = 0) AS created`,
    [id, region, now.toISOString()],
  );
  return { tenant: fromRow(row), created: row.created };
}

/**
 * The tenants that have applied an Integration (of this name, when given): platform work that acts for
 * integrations (exports, streams) runs once per owning tenant, inside that tenant's scope, so that the
 * events it reads and the spec it follows are that tenant's alone. Platform scope only.
 */
export async function integrationTenants(db: Queryable, name?: string): Promise<string[]> {
  const rows = await db.query<{ tenant_id: string }>(
    name === undefined
      ? `SELECT DISTINCT tenant_id COLLATE "C" AS tenant_id FROM resources WHERE kind = 'Integration' ORDER BY 1`
      : `SELECT DISTINCT tenant_id COLLATE "C" AS tenant_id FROM resources WHERE kind = 'Integration' AND name = $1 ORDER BY 1`,
    name === undefined ? [] : [name],
  );
  return rows.map((r) => r.tenant_id);
}
