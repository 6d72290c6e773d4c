import type { Queryable } from '../store/database.js';
import { toIso, toNumber } from '../store/rows.js';

export interface CanaryRow {
  integration: string;
  percent: number;
  /** The Integration spec of the canary version. */
  spec: Record<string, unknown>;
  setAt: string;
}

export async function readCanaries(db: Queryable): Promise<CanaryRow[]> {
  const rows = await db.query<{ integration: string; percent: unknown; spec: string; set_at: unknown }>('SELECT integration, percent, spec, set_at FROM delivery_canaries ORDER BY integration');
  return rows.map((r) => ({ integration: r.integration, percent: toNumber(r.percent), spec: JSON.parse(r.spec) as Record<string, unknown>, setAt: toIso(r.set_at) }));
}

export async function writeCanary(db: Queryable, c: { integration: string; percent: number; spec: Record<string, unknown> }, now: Date): Promise<void> {
  await db.query(
    `INSERT INTO delivery_canaries (integration, percent, spec, set_at) VALUES ($1, $2, $3, $4::timestamptz)
     ON CONFLICT (tenant_id, integration) DO UPDATE SET percent = excluded.percent, spec = excluded.spec, set_at = excluded.set_at`,
    [c.integration, c.percent, JSON.stringify(c.spec), now.toISOString()],
  );
}

export async function deleteCanary(db: Queryable, integration: string): Promise<boolean> {
  return (await db.query('DELETE FROM delivery_canaries WHERE integration = $1 RETURNING integration', [integration])).length > 0;
}
