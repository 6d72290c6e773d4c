import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChange, validSpec } from '../../../test/support/resource-specs.js';
import { ENGINES } from '../../../test/support/stores.js';
import { startTestRuntime, TEST_ROLES, type TestRole, type TestRuntime } from '../../../test/support/test-runtime.js';

/** Each admin operation, a request that reaches it, and the roles policies/access.csv lets through. */
const MATRIX: { op: string; method: string; path: string; body?: unknown; allowed: TestRole[] }[] = [
  { op: 'getState', method: 'GET', path: '/v1/state', allowed: ['admin', 'operator', 'auditor', 'privacy'] },
  { op: 'getResource', method: 'GET', path: '/v1/resources/Vendor/acme', allowed: ['admin', 'operator', 'auditor', 'privacy'] },
  { op: 'getResourceHistory', method: 'GET', path: '/v1/resources/Vendor/acme/history', allowed: ['admin', 'operator', 'auditor', 'privacy'] },
  { op: 'applyChanges', method: 'POST', path: '/v1/apply', body: { expectedRevision: 999, changes: [] }, allowed: ['admin', 'operator'] },
  { op: 'putResource', method: 'PUT', path: '/v1/resources/Vendor/edited', body: { spec: validSpec('Vendor') }, allowed: ['admin'] },
  { op: 'releaseResource', method: 'POST', path: '/v1/resources/Vendor/acme/release', allowed: ['admin'] },
  { op: 'renewLease', method: 'POST', path: '/v1/lease/renew', body: { token: 999, ttlSeconds: 1 }, allowed: ['admin', 'operator'] },
  { op: 'listAudit', method: 'GET', path: '/v1/audit?limit=1', allowed: ['admin', 'auditor'] },
];

describe.each(ENGINES)('authentication and authorisation on %s', (engine) => {
  let t: TestRuntime;
  beforeAll(async () => {
    t = await startTestRuntime(engine);
    await t.client('operator').apply({ expectedRevision: 0, changes: [createChange('Vendor', 'acme')] });
  });
  afterAll(async () => t?.dispose());

  const cases = MATRIX.flatMap((m) => [
    ...TEST_ROLES.map((role) => ({ ...m, who: role as TestRole | 'no token' | 'unknown token', expect: m.allowed.includes(role) ? 'allowed' : 403 })),
    { ...m, who: 'no token' as const, expect: 401 },
    { ...m, who: 'unknown token' as const, expect: 401 },
  ]);

  it.each(cases)('$op as $who → $expect', async ({ method, path, body, who, expect: outcome }) => {
    const init = who === 'no token' ? { role: null } : who === 'unknown token' ? { token: 'ilk_not-a-real-token' } : { role: who };
    const res = await t.fetch(path, { method, ...init, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    if (outcome === 'allowed') expect([401, 403]).not.toContain(res.status);
    else {
      expect(res.status).toBe(outcome);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
  });

  it('audits refusals with who and why', async () => {
    await t.fetch('/v1/apply', { method: 'POST', role: 'auditor', body: JSON.stringify({ expectedRevision: 0, changes: [] }) });
    await t.runtime.flushRefusals(true); // what the matrix above refused
    await t.fetch('/v1/state', { role: null });
    await t.fetch('/v1/state', { token: 'ilk_not-a-real-token' });
    // Refused authentication is summarised per client and window; shutting the window writes it now.
    expect(await t.runtime.flushRefusals(true)).toBe(1);
    const entries = [];
    for await (const e of t.client('auditor').auditEntries()) entries.push(e);
    const forbidden = entries.filter((e) => e.data.status === 403 && e.action === 'applyChanges' && e.actor.startsWith('auditor:'));
    expect(forbidden.length).toBeGreaterThan(0);
    expect(forbidden.at(-1)!.data.problem).toBe('forbidden');
    const unauthorised = entries.filter((e) => e.action === 'authRefused' && e.actor === 'anonymous');
    expect(unauthorised.at(-1)!.data).toMatchObject({ client: '127.0.0.1', count: 2, problems: { unauthorized: 2 }, paths: { '/v1/state': 2 } });
  });
});
