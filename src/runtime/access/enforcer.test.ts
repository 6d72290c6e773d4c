import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAccessControl } from './enforcer.js';

const dirs: string[] = [];
function workspace(conf: string | null, csv: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'interlock-access-'));
  dirs.push(dir);
  mkdirSync(path.join(dir, 'policies'));
  if (conf !== null) writeFileSync(path.join(dir, 'policies/access.conf'), conf);
  writeFileSync(path.join(dir, 'policies/access.csv'), csv);
  return dir;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const CLASSIC = `[request_definition]
r = sub, obj, act
[policy_definition]
p = sub, obj, act
[role_definition]
g = _, _
[policy_effect]
e = some(where (p.eft == allow))
[matchers]
m = g(r.sub, p.sub) && keyMatch(r.obj, p.obj) && (r.act == p.act || p.act == "*")
`;

describe('loadAccessControl', () => {
  it('reads the shipped model with domains: rules without a domain hold for every tenant and for platform tokens', async () => {
    const access = await loadAccessControl(workspace(null, ''));
    const read = { object: 'state', action: 'read' };
    expect([access.allows('operator', read), access.allows('operator', read, 'acme-eu'), access.allows('operator', { object: 'tokens', action: 'create' }, 'acme-eu')]).toEqual([true, true, false]);
    expect(access.roles()).toContain('admin');
    expect(access.roles().some((r) => r.startsWith('scope:'))).toBe(false);
    expect(await access.rolesOf('slack:U0DOKAFOR')).toEqual(['dan-okafor', 'vendor-risk']);
  });

  it('grants a rule written for one tenant in that tenant only', async () => {
    const conf = (await import('node:fs')).readFileSync(path.resolve('policies/access.conf'), 'utf8');
    const access = await loadAccessControl(workspace(conf, 'p, operator, *, state, read\np, reviewer, acme-eu, audit, read\ng, alice, reviewer, acme-eu\n'));
    const audit = { object: 'audit', action: 'read' };
    expect([access.allows('reviewer', audit, 'acme-eu'), access.allows('reviewer', audit, 'globex'), access.allows('reviewer', audit)]).toEqual([true, false, false]);
    expect(access.allows('operator', { object: 'state', action: 'read' }, 'globex')).toBe(true);
  });

  it('checks scopes: a family scope covers its permissions, an integration scope its integration only', async () => {
    const access = await loadAccessControl(workspace(null, ''));
    const read = { object: 'deliveries', action: 'read' };
    const replay = { object: 'deliveries', action: 'replay' };
    expect(access.scopeAllows(['deliveries:read'], read, null, null)).toBe(true);
    expect(access.scopeAllows(['deliveries:read'], replay, null, null)).toBe(false);
    expect(access.scopeAllows(['audit:read', 'evidence:write'], read, 'acme-eu', 'jira')).toBe(false);
    expect(access.scopeAllows(['integrations:jira:read'], read, 'acme-eu', 'jira')).toBe(true);
    expect(access.scopeAllows(['integrations:jira:read'], read, 'acme-eu', 'github')).toBe(false);
    expect(access.scopeAllows(['integrations:jira:read'], read, 'acme-eu', null)).toBe(false);
    expect(access.scopeAllows(['integrations:jira:read'], replay, 'acme-eu', 'jira')).toBe(false);
    expect(access.scopeAllows(['integrations:jira:write'], replay, null, 'jira')).toBe(true);
    expect(access.scopeAllows(['integrations:jira:write'], { object: 'tokens', action: 'create' }, null, 'jira')).toBe(false);
  });

  it('keeps a workspace model without domains working, for every tenant alike, scopes included', async () => {
    const access = await loadAccessControl(workspace(CLASSIC, 'p, operator, state, read\ng, bob, operator\n'));
    expect([access.allows('operator', { object: 'state', action: 'read' }), access.allows('operator', { object: 'state', action: 'read' }, 'acme-eu')]).toEqual([true, true]);
    expect(await access.rolesOf('bob')).toEqual(['operator']);
    expect(access.scopeAllows(['state:read'], { object: 'state', action: 'read' }, 'acme-eu', null)).toBe(true);
    expect(access.scopeAllows(['integrations:jira:read'], { object: 'deliveries', action: 'read' }, null, 'jira')).toBe(true);
    expect(access.scopeAllows(['audit:read'], { object: 'state', action: 'read' }, null, null)).toBe(false);
  });
});
