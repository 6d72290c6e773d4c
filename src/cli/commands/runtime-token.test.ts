import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedToken, TokenView } from '../../core/token-api.js';
import { startRuntime, type RunningRuntime } from '../../runtime/start.js';
import { freshLocation, type TestLocation } from '../../../test/support/stores.js';
import { run } from '../main.js';

async function cli(env: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { stdout: { write: (c: string) => (out += c) }, stderr: { write: (c: string) => (err += c) }, env, cwd: process.cwd() });
  return { code, out, err };
}

describe('interlock runtime token create|list|revoke|rotate while the embedded runtime runs', () => {
  let location: TestLocation;
  let dataDir: string;
  let runtime: RunningRuntime;
  let admin: CreatedToken;
  beforeAll(async () => {
    location = await freshLocation('embedded');
    dataDir = 'dataDir' in location.location ? location.location.dataDir : '';
    // The first token is made on the store before the runtime holds it.
    const first = await cli({}, 'runtime', 'token', 'create', '--role', 'admin', '--data', dataDir, '--expires-in', '30d', '--format', 'json');
    expect(first.code, first.err).toBe(0);
    admin = JSON.parse(first.out) as CreatedToken;
    runtime = await startRuntime({ dataDir, port: 0, delivery: false, scheduler: false, exports: false });
  });
  afterAll(async () => {
    await runtime?.close();
    await location?.dispose();
  });
  const get = (token: string) => fetch(`${runtime.url}/v1/state`, { headers: { authorization: `Bearer ${token}` } });

  it('says how to go through the runtime when it holds the store and no token is given', async () => {
    const res = await cli({}, 'runtime', 'token', 'create', '--role', 'operator', '--data', dataDir);
    expect(res.code).toBe(2);
    expect(res.err).toContain('INTERLOCK_TOKEN');
    expect(res.err).not.toContain('    at ');
  });

  it('creates through the admin API, lists without secrets, rotates with an overlap and revokes at once', async () => {
    const env = { INTERLOCK_RUNTIME_URL: runtime.url, INTERLOCK_TOKEN: admin.token };
    const created = await cli(env, 'runtime', 'token', 'create', '--role', 'operator', '--label', 'ci', '--expires-at', '2099-01-01', '--format', 'json');
    expect(created.code, created.err).toBe(0);
    const op = JSON.parse(created.out) as CreatedToken;
    expect(op).toMatchObject({ role: 'operator', label: 'ci', expiresAt: '2099-01-01T00:00:00.000Z' });
    expect((await get(op.token)).status).toBe(200);

    const listed = await cli(env, 'runtime', 'token', 'list');
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^ID\s+ROLE\s+TENANT\s+SCOPES\s+LABEL\s+CREATED\s+EXPIRES\s+LAST USED\s+STATE/);
    expect(listed.out).toContain(op.id);
    for (const secret of [op.token, admin.token]) expect(listed.out).not.toContain(secret);

    const rotated = await cli(env, 'runtime', 'token', 'rotate', op.id, '--overlap', '10m', '--format', 'json');
    expect(rotated.code, rotated.err).toBe(0);
    const next = JSON.parse(rotated.out) as CreatedToken;
    expect([(await get(op.token)).status, (await get(next.token)).status]).toEqual([200, 200]);

    const revoked = await cli(env, 'runtime', 'token', 'revoke', next.id);
    expect(revoked.code, revoked.err).toBe(0);
    expect((await get(next.token)).status).toBe(401);

    const json = JSON.parse((await cli(env, 'runtime', 'token', 'list', '--format', 'json')).out) as { tokens: TokenView[] };
    expect(json.tokens.find((t) => t.id === op.id)).toMatchObject({ replacedBy: next.id });
    expect(json.tokens.find((t) => t.id === next.id)?.revokedAt).not.toBeNull();
  });

  it('creates a tenant token (through the admin API and on the store); without --tenant a token is a platform operator token', async () => {
    const env = { INTERLOCK_RUNTIME_URL: runtime.url, INTERLOCK_TOKEN: admin.token };
    const created = await cli(env, 'runtime', 'token', 'create', '--role', 'auditor', '--tenant', 'acme-eu', '--format', 'json');
    expect(created.code, created.err).toBe(0);
    const tenantToken = JSON.parse(created.out) as CreatedToken;
    expect(tenantToken).toMatchObject({ role: 'auditor', tenant: 'acme-eu', scopes: null });
    expect(admin.tenant).toBeNull();
    const listed = await cli(env, 'runtime', 'token', 'list');
    expect(listed.out.split('\n').find((line) => line.startsWith(tenantToken.id))).toMatch(/^\S+\s+auditor\s+acme-eu\s/);
    const scoped = await cli(env, 'runtime', 'token', 'create', '--role', 'auditor', '--tenant', 'acme-eu', '--scope', 'audit:read', '--scope', 'state:read,integrations:jira-sync:read', '--format', 'json');
    expect(scoped.code, scoped.err).toBe(0);
    const narrow = JSON.parse(scoped.out) as CreatedToken;
    expect(narrow.scopes).toEqual(['audit:read', 'state:read', 'integrations:jira-sync:read']);
    expect((await get(narrow.token)).status).toBe(200);
    expect((await fetch(`${runtime.url}/v1/evidence`, { headers: { authorization: `Bearer ${narrow.token}` } })).status).toBe(403);
    const bad = await cli(env, 'runtime', 'token', 'create', '--role', 'auditor', '--tenant', 'ACME');
    expect([bad.code, bad.err]).toEqual([2, expect.stringContaining('--tenant needs a lowercase slug')]);
  });

  it('refuses bad flags and unknown ids as usage or fatal errors, never a stack trace', async () => {
    const env = { INTERLOCK_RUNTIME_URL: runtime.url, INTERLOCK_TOKEN: admin.token };
    for (const argv of [
      ['create', '--role', 'operator', '--expires-in', 'soon'],
      ['create', '--role', 'operator', '--expires-at', '2001-01-01'],
      ['create', '--role', 'root'],
      ['create', '--role', 'operator', '--tenant', 'Acme_EU'],
      ['create', '--role', 'operator', '--tenant', '-acme'],
      ['create', '--role', 'operator', '--scope', 'state:read,state:delete'],
      ['create', '--role', 'operator', '--scope', ','],
      ['revoke', 'nope'],
      ['rotate', admin.id, '--overlap', '90d'],
    ]) {
      const res = await cli(env, 'runtime', 'token', ...argv);
      expect([argv.join(' '), res.code]).toEqual([argv.join(' '), 2]);
      expect(res.err).not.toContain('    at ');
    }
  });
});
