import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_OPERATIONS } from '../src/runtime/api/platform-operations.js';
import { ENGINES } from './support/stores.js';
import { createChange, validSpec } from './support/resource-specs.js';
import { startTestRuntime, type TestRuntime } from './support/test-runtime.js';

/**
 * Issue 20: two tenants on one runtime, on each engine. Tenant A creates data; tenant B's token is then
 * sent to every operation of the admin contract (read from the runtime's own /openapi.json, not listed
 * here) with A's ids, and with ids that never existed. B's two answers must be the same (404 for a
 * record, the same problem type, never 403 for A's and 404 for the other), nothing B receives may name A's
 * data, and after B's writes A's data reads the same.
 */
type Method = 'get' | 'post' | 'put' | 'delete';
interface Operation {
  method: Method;
  path: string;
  operationId: string;
  public: boolean;
}

const marker = `t${randomBytes(4).toString('hex')}`;
/** In A's data only; B never sends it, so any answer to B that holds it shows A's data. */
const secret = `secret-${randomBytes(6).toString('hex')}`;
const A = { vendor: `${marker}-vendor`, integration: `${marker}-crm`, erasure: `${marker}-era`, event: `${marker}.created`, idem: `${marker}-idem` };
const MISSING = { vendor: 'never-vendor', integration: 'never-crm', erasure: 'never-era', token: 'tok_never', id: 'never-id' };

/** The value of a path parameter: A's record, or one that never existed. */
function paramValue(path: string, name: string, ids: { token: string; delivery: string }, own: boolean): string {
  if (name === 'kind') return 'Vendor';
  if (name === 'name') return own ? A.vendor : MISSING.vendor;
  if (name === 'integration') return own ? A.integration : MISSING.integration;
  if (path.startsWith('/v1/erasure/')) return own ? A.erasure : MISSING.erasure;
  if (path.startsWith('/v1/tokens/')) return own ? ids.token : MISSING.token;
  if (path.startsWith('/v1/deliveries/')) return own ? ids.delivery : MISSING.id;
  return MISSING.id;
}

/** A body the operation accepts, so a write reaches its handler rather than stopping at validation. */
function bodyOf(op: Operation, revision: number): unknown {
  switch (op.operationId) {
    case 'applyChanges':
      return { expectedRevision: revision, changes: [createChange('Vendor', `${marker}-b-only`)] };
    case 'putResource':
      return { spec: validSpec('Vendor', { legalName: 'Written by B' }) };
    case 'sendEvent':
      return { type: A.event, data: { from: 'b' }, idempotencyKey: A.idem };
    case 'createErasureRequest':
      return { id: A.erasure, identifiers: [{ type: 'email', value: 'b@example.com' }], legalBasis: 'gdpr-art17' };
    case 'setCanary':
      return { percent: 10, spec: validSpec('Integration') };
    default:
      return op.method === 'get' || op.method === 'delete' ? undefined : {};
  }
}

describe.each(ENGINES)('two tenants on %s', (engine) => {
  let rt: TestRuntime;
  let tokenA = '';
  let tokenB = '';
  let tokenIdA = '';
  let deliveryA = '';
  let eventA = '';
  let operations: Operation[] = [];
  const as = (token: string, path: string, init: RequestInit = {}) => rt.fetch(path, { ...init, role: null, token });
  const revisionOf = async (token: string) => ((await (await as(token, '/v1/state')).json()) as { revision: number }).revision;
  /** What A reads of its own data; must not change whatever B does. */
  const snapshotA = async () => {
    const read = async (path: string) => ({ path, status: (await as(tokenA, path)).status, body: await (await as(tokenA, path)).text() });
    return [await read(`/v1/resources/Vendor/${A.vendor}`), await read(`/v1/resources/Integration/${A.integration}`), await read(`/v1/erasure/${A.erasure}`)];
  };

  beforeAll(async () => {
    rt = await startTestRuntime(engine);
    const store = rt.runtime.store;
    const now = new Date();
    const a = await store.createToken('admin', now, { tenant: 'tenant-a' });
    ({ token: tokenA } = a);
    tokenIdA = a.id;
    ({ token: tokenB } = await store.createToken('admin', now, { tenant: 'tenant-b' }));
    const contract = (await (await rt.fetch('/openapi.json', { role: null })).json()) as { paths: Record<string, Record<string, { operationId?: string; security?: unknown[] }>> };
    operations = Object.entries(contract.paths).flatMap(([path, item]) =>
      (['get', 'post', 'put', 'delete'] as const).filter((m) => item[m]?.operationId).map((m) => ({ method: m, path, operationId: item[m].operationId!, public: Array.isArray(item[m].security) && item[m].security.length === 0 })),
    );

    // Tenant A's data, through the API with A's token.
    const applied = await as(tokenA, '/v1/apply', {
      method: 'POST',
      body: JSON.stringify({
        expectedRevision: await revisionOf(tokenA),
        changes: [
          createChange('Vendor', A.vendor, { legalName: `Acme ${secret}` }),
          createChange('Integration', A.integration, {
            events: { subscribe: [`${marker}.*`], delivery: { url: 'https://hooks.example/a', secret: 'env:NOT_SET_ANYWHERE' } },
          }),
        ],
      }),
    });
    expect(applied.status, await applied.clone().text()).toBe(200);
    const sent = await as(tokenA, '/v1/events', { method: 'POST', body: JSON.stringify({ type: A.event, data: { from: secret }, idempotencyKey: A.idem }) });
    expect(sent.status, await sent.clone().text()).toBe(202);
    const accepted = (await sent.json()) as { eventId: string; deliveries: { id: string }[] };
    deliveryA = accepted.deliveries[0]?.id ?? '';
    eventA = accepted.eventId;
    const erased = await as(tokenA, '/v1/erasure', {
      method: 'POST',
      body: JSON.stringify({ id: A.erasure, identifiers: [{ type: 'email', value: `${secret}@example.com` }], legalBasis: 'gdpr-art17' }),
    });
    expect(erased.status, await erased.clone().text()).toBeLessThan(300);
  }, 120_000);
  afterAll(async () => rt?.dispose());

  it('has A data to hide: A reads it, a delivery was made for its event', async () => {
    expect(operations.length).toBeGreaterThan(40);
    expect(deliveryA).not.toBe('');
    for (const r of await snapshotA()) expect(r.status, r.path).toBe(200);
  });

  it('names only contract operations as platform operations', () => {
    const ids = new Set(operations.map((o) => o.operationId));
    expect([...PLATFORM_OPERATIONS.keys()].filter((id) => !ids.has(id))).toEqual([]);
  });

  it('answers B on every operation the same for A’s ids as for ids that never existed, and never shows A’s data', async () => {
    const before = await snapshotA();
    const ids = { token: tokenIdA, delivery: deliveryA };
    const failures: string[] = [];
    for (const op of operations) {
      if (op.public) continue;
      const fill = (own: boolean) => op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(paramValue(op.path, name, ids, own)));
      const body = bodyOf(op, await revisionOf(tokenB));
      const call = (path: string) => as(tokenB, path, { method: op.method.toUpperCase(), ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      // Reads first with the ids that never existed, so a write of B's with A's ids cannot make them differ.
      const control = await call(fill(false));
      const probe = await call(fill(true));
      const [c, p] = [await control.text(), await probe.text()];
      const label = `${op.method.toUpperCase()} ${op.path}`;
      if (p.includes(secret) || p.includes(eventA)) failures.push(`${label}: B's answer shows A's data: ${p.slice(0, 300)}`);
      if (op.path.includes('{')) {
        const problemOf = (text: string) => (text.startsWith('{') ? ((JSON.parse(text) as { type?: string }).type ?? null) : null);
        if (probe.status !== control.status || problemOf(p) !== problemOf(c)) {
          failures.push(`${label}: B gets ${probe.status} ${problemOf(p)} for A's ids but ${control.status} ${problemOf(c)} for missing ones`);
        }
      }
      if (probe.status === 403 && !PLATFORM_OPERATIONS.has(op.operationId)) failures.push(`${label}: 403 on a tenant operation`);
      if (probe.status >= 500) failures.push(`${label}: ${probe.status} ${p.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    expect(await snapshotA()).toEqual(before);
  }, 300_000);

  it('refuses a tenant token that names another tenant, and lets a platform token work in a named one', async () => {
    const named = await as(tokenB, `/v1/resources/Vendor/${A.vendor}`, { headers: { 'interlock-tenant': 'tenant-a' } });
    expect(named.status).toBe(403);
    const other = await as(tokenB, `/v1/resources/Vendor/${A.vendor}`, { headers: { 'interlock-tenant': 'tenant-zz' } });
    expect([other.status, await other.text()]).toEqual([403, await named.text()]);
    const platform = await rt.fetch(`/v1/resources/Vendor/${A.vendor}`, { headers: { 'interlock-tenant': 'tenant-a' } });
    expect(platform.status).toBe(200);
    expect((await rt.fetch(`/v1/resources/Vendor/${A.vendor}`)).status).toBe(404); // the platform token's default tenant
    expect((await rt.fetch('/v1/state', { headers: { 'interlock-tenant': 'Not A Tenant' } })).status).toBe(400);
  });

  it('keeps the same resource name in two tenants apart', async () => {
    const put = await as(tokenB, `/v1/resources/Vendor/${A.vendor}`, { method: 'PUT', body: JSON.stringify({ spec: validSpec('Vendor', { legalName: 'B Ltd' }) }) });
    expect(put.status).toBeLessThan(300);
    const b = (await (await as(tokenB, `/v1/resources/Vendor/${A.vendor}`)).json()) as { spec: { legalName: string } };
    const a = (await (await as(tokenA, `/v1/resources/Vendor/${A.vendor}`)).json()) as { spec: { legalName: string } };
    expect([a.spec.legalName, b.spec.legalName]).toEqual([`Acme ${secret}`, 'B Ltd']);
  });
});
