import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../src/runtime/store/tenant-scope.js';
import { applyExport } from './support/export-fixtures.js';
import { ENGINES } from './support/stores.js';
import { startTestRuntime, type TestRuntime } from './support/test-runtime.js';

/**
 * Issue 20, residency: a runtime in eu-west-1 serves a tenant pinned there and refuses (421, audited) one
 * pinned to us-east-1; an export of the EU tenant's data to an S3 bucket in us-east-1 is refused (403,
 * audited) before anything is read or sent.
 */
describe.each(ENGINES)('tenant residency on %s', (engine) => {
  let rt: TestRuntime;
  const token: Record<'eu' | 'us' | 'free', string> = { eu: '', us: '', free: '' };
  const as = (who: keyof typeof token, path: string, init: RequestInit = {}) => rt.fetch(path, { ...init, role: null, token: token[who] });
  /** The tenant's audit entries, read as platform work (over the API, a pinned tenant is refused here). */
  const auditOf = async (tenant: string) => {
    const rows = await rt.runtime.store.db.query<{ action: string; data: string }>('SELECT action, data FROM audit_log WHERE tenant_id = $1 ORDER BY seq', [tenant]);
    return rows.map((r) => ({ action: r.action, data: JSON.parse(r.data) as { status?: number; problem?: string } }));
  };

  beforeAll(async () => {
    rt = await startTestRuntime(engine, { region: 'eu-west-1' });
    const now = new Date();
    for (const [who, tenant] of [['eu', 'tenant-eu'], ['us', 'tenant-us'], ['free', 'tenant-free']] as const) {
      token[who] = (await rt.runtime.store.createToken('admin', now, { tenant })).token;
    }
    for (const [tenant, region] of [['tenant-eu', 'eu-west-1'], ['tenant-us', 'us-east-1']]) {
      const put = await rt.fetch(`/v1/tenants/${tenant}`, { method: 'PUT', body: JSON.stringify({ region }) });
      expect(put.status, await put.clone().text()).toBe(201);
    }
  }, 120_000);
  afterAll(async () => rt?.dispose());

  it('lists the pins, changes one in place, and keeps them the platform operator’s', async () => {
    const list = (await (await rt.fetch('/v1/tenants')).json()) as { tenants: { id: string; region: string | null }[] };
    expect(list.tenants.map((t) => `${t.id}:${t.region}`)).toEqual(['default:null', 'tenant-eu:eu-west-1', 'tenant-us:us-east-1']);
    expect((await as('eu', '/v1/tenants')).status).toBe(403);
    expect((await as('eu', '/v1/tenants/tenant-eu', { method: 'PUT', body: JSON.stringify({ region: null }) })).status).toBe(403);
    expect((await rt.fetch('/v1/tenants/tenant-free', { method: 'PUT', body: JSON.stringify({ region: 'nowhere land' }) })).status).toBe(400);
  });

  it('serves the tenant pinned here and an unpinned one, refuses the one pinned elsewhere, and audits it', async () => {
    expect((await as('eu', '/v1/state')).status).toBe(200);
    expect((await as('free', '/v1/state')).status).toBe(200);
    const refused = await as('us', '/v1/state');
    expect(refused.status).toBe(421);
    expect(((await refused.json()) as { type: string }).type).toBe('https://interlock.dev/problems/residency-mismatch');
    // A platform token working in the pinned tenant is refused the same way.
    expect((await rt.fetch('/v1/state', { headers: { 'interlock-tenant': 'tenant-us' } })).status).toBe(421);
    const entries = await auditOf('tenant-us');
    expect(entries.filter((e) => e.data.problem === 'residency-mismatch').length).toBeGreaterThanOrEqual(2);
  });

  it('refuses an export of the EU tenant to a bucket in another region, and audits it', async () => {
    const s3 = (region: string) => ({
      dataContract: 'shipments',
      source: { events: ['shipment.**'], fields: { shipment_number: 'data.shipmentNumber', updated_at: 'acceptedAt' } },
      format: 'ndjson',
      destination: { s3: { bucket: 'us-bucket', region } },
    });
    await withTenant('tenant-eu', () => applyExport(rt.runtime.store, s3('us-east-1'), 'eu-warehouse'));
    const refused = await as('eu', '/v1/exports/eu-warehouse/runs', { method: 'POST', body: '{}' });
    expect(refused.status, await refused.clone().text()).toBe(403);
    expect(((await refused.json()) as { type: string }).type).toBe('https://interlock.dev/problems/residency-refused');
    const entries = await auditOf('tenant-eu');
    expect(entries.some((e) => e.action === 'runExport' && e.data.problem === 'residency-refused')).toBe(true);
    // No run was started: the refusal comes before the export service is asked.
    const runs = (await (await as('eu', '/v1/exports/runs?integration=eu-warehouse')).json()) as { runs: unknown[] };
    expect(runs.runs).toEqual([]);
  });
});
