import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';
import { ENGINES } from '../../../test/support/stores.js';
import { familyScopeOf, SCOPES } from '../access/scopes.js';
import { adminOpenApiDocument } from './openapi-document.js';
import { ROUTES } from './routes/index.js';

const METHODS = ['get', 'put', 'post', 'delete'] as const;
const SAMPLE: Record<string, string> = { integration: 'jira-sync', kind: 'Vendor', name: 'acme', id: 'nope', step: 'nope', type: 'nope', keyid: 'nope', path: 'nope' };

/** Every operation of the admin contract that takes a bearer token, read from the document itself. */
function bearerOperations(): { operationId: string; method: string; path: string; scope: string }[] {
  const doc = adminOpenApiDocument();
  const out: { operationId: string; method: string; path: string; scope: string }[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as { operationId: string; security?: unknown[] } | undefined;
      if (!op || op.security?.length === 0) continue;
      const route = ROUTES.find((r) => r.operationId === op.operationId);
      const scope = route?.permission && familyScopeOf(route.permission)?.scope;
      out.push({ operationId: op.operationId, method: method.toUpperCase(), path: template.replace(/\{(\w+)\}/g, (_, p: string) => SAMPLE[p] ?? 'x'), scope: scope ?? `(none for ${op.operationId})` });
    }
  }
  return out;
}

const OPERATIONS = bearerOperations();
/** A scope of another family than `scope` (its part before the colon differs). */
const otherFamily = (scope: string) => SCOPES.find((s) => s.scope.split(':')[0] !== scope.split(':')[0])!.scope;

describe.each(ENGINES)('scoped tokens on every admin operation (%s store)', (engine) => {
  let t: TestRuntime;
  const tokens = new Map<string, string>();
  beforeAll(async () => {
    t = await startTestRuntime(engine, { delivery: false, scheduler: false, exports: false });
    // An admin role, so the role allows everything and only the scope decides.
    for (const s of [...SCOPES.map((x) => x.scope), 'integrations:jira-sync:read', 'integrations:jira-sync:write']) {
      tokens.set(s, (await t.client('admin').createToken({ role: 'admin', scopes: [s] })).token);
    }
  }, 120_000);
  afterAll(async () => t?.dispose());

  const call = (op: { method: string; path: string }, scope: string, path = op.path) =>
    t.fetch(path, { method: op.method, token: tokens.get(scope), ...(op.method === 'POST' || op.method === 'PUT' ? { body: '{}' } : {}) });

  it('reads a scope for every bearer operation of the contract', () => {
    expect(OPERATIONS.length).toBeGreaterThan(40);
    expect(OPERATIONS.filter((o) => o.scope.startsWith('(none'))).toEqual([]);
  });

  it.each(OPERATIONS)('$operationId ($method $path): allowed with $scope, 403 insufficient-scope with another family', async (op) => {
    const allowed = await call(op, op.scope);
    expect([op.operationId, allowed.status]).not.toEqual([op.operationId, 403]);
    expect(allowed.status).not.toBe(401);
    const other = otherFamily(op.scope);
    const refused = await call(op, other);
    const doc = (await refused.json()) as { type: string; requiredScopes: string[]; scopes: string[] };
    expect([refused.status, doc.type, doc.scopes]).toEqual([403, 'https://interlock.dev/problems/insufficient-scope', [other]]);
    expect(doc.requiredScopes[0]).toBe(op.scope);
    expect(refused.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });

  it('an integration scope allows its integration and refuses another, and a listing of every integration', async () => {
    const read = (query: string) => t.fetch(`/v1/deliveries${query}`, { token: tokens.get('integrations:jira-sync:read') });
    expect((await read('?integration=jira-sync')).status).not.toBe(403);
    const other = await read('?integration=github-sync');
    expect([other.status, ((await other.json()) as { requiredScopes: string[] }).requiredScopes]).toEqual([403, ['deliveries:read', 'integrations:github-sync:read']]);
    expect((await read('')).status).toBe(403);
    // Read does not grant write; write is its own scope, for the same integration only.
    const put = (name: string, scope: string) => t.fetch(`/v1/deliveries/canaries/${name}`, { method: 'DELETE', token: tokens.get(scope) });
    expect((await put('jira-sync', 'integrations:jira-sync:read')).status).toBe(403);
    expect((await put('jira-sync', 'integrations:jira-sync:write')).status).not.toBe(403);
    expect((await put('github-sync', 'integrations:jira-sync:write')).status).toBe(403);
    // `?integration=` on an operation that does not carry one widens nothing.
    expect((await t.fetch('/v1/audit?integration=jira-sync', { token: tokens.get('integrations:jira-sync:read') })).status).toBe(403);
  });

  it('keeps the scopes through rotation: old (in its overlap) and new secret alike', async () => {
    const admin = t.client('admin');
    const scoped = await admin.createToken({ role: 'admin', tenant: 'acme-eu', scopes: ['audit:read'] });
    const rotated = await admin.rotateToken(scoped.id, { overlapSeconds: 3600 });
    expect(rotated).toMatchObject({ tenant: 'acme-eu', scopes: ['audit:read'] });
    for (const token of [scoped.token, rotated.token]) {
      expect((await t.fetch('/v1/audit?limit=1', { token })).status).toBe(200);
      expect((await t.fetch('/v1/state', { token })).status).toBe(403);
    }
  });

  it('still needs the role: a scope never grants what the role does not', async () => {
    const probe = await t.client('admin').createToken({ role: 'auditor', scopes: ['tokens:admin'] });
    const res = await t.fetch('/v1/tokens', { token: probe.token });
    expect([res.status, ((await res.json()) as { type: string }).type]).toEqual([403, 'https://interlock.dev/problems/forbidden']);
  });
});
