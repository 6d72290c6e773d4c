import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretError } from './errors.js';
import { parseSecretReference } from '../adapter-runtime/secret-reference.js';
import { SecretResolver } from './resolver.js';
import { startFakeVault, type FakeVault } from '../../test/support/fake-vault.js';

async function failure(p: Promise<unknown>): Promise<SecretError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof SecretError)) throw new Error(`expected a SecretError, got ${String(error)}`);
  return error;
}

describe('secret references', () => {
  it('parses each provider and refuses unknown ones', () => {
    expect(parseSecretReference('env:SLACK_TOKEN')).toEqual({ value: { scheme: 'env', ref: 'env:SLACK_TOKEN', name: 'SLACK_TOKEN' } });
    expect(parseSecretReference('vault:kv/team/slack#bot#token')).toEqual({ value: { scheme: 'vault', ref: 'vault:kv/team/slack#bot#token', path: 'kv/team/slack#bot', key: 'token' } });
    expect(parseSecretReference('aws:sm/slack')).toEqual({ error: expect.stringContaining('unknown secret provider "aws"') });
    expect(parseSecretReference('vault:secret/slack')).toEqual({ error: expect.stringContaining('needs a path and a key') });
  });
});

describe('SecretResolver', () => {
  it('resolves env: and file:, and names the reference (not a value) when it cannot', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'interlock-secrets-'));
    writeFileSync(path.join(dir, 'token'), 's3cr3t-file\n');
    const r = new SecretResolver({ env: { SLACK_TOKEN: 'xoxb-1' } });
    expect(await r.resolve('env:SLACK_TOKEN')).toBe('xoxb-1');
    expect(await r.resolve(`file:${path.join(dir, 'token')}`)).toBe('s3cr3t-file');
    const missing = await failure(r.resolve('env:NOPE'));
    expect([missing.reference, missing.reason]).toEqual(['env:NOPE', 'not-found']);
    const unknown = await failure(r.resolve('aws:sm/slack'));
    expect([unknown.reference, unknown.reason]).toEqual(['aws:sm/slack', 'invalid-reference']);
    const noVault = await failure(r.resolve('vault:secret/slack#token'));
    expect(noVault.reason).toBe('not-configured');
  });

  it('caches for the TTL and reads again after it or after invalidate', async () => {
    let now = 0;
    const env: Record<string, string> = { K: 'one' };
    const r = new SecretResolver({ env, ttlMs: 1000, now: () => now });
    expect(await r.resolve('env:K')).toBe('one');
    env.K = 'two';
    expect(await r.resolve('env:K')).toBe('one');
    now = 1001;
    expect(await r.resolve('env:K')).toBe('two');
    env.K = 'three';
    r.invalidate('env:K');
    expect(await r.resolve('env:K')).toBe('three');
  });
});

describe('SecretResolver against a fake Vault on loopback (no Vault server here)', () => {
  let vault: FakeVault;
  beforeAll(async () => {
    vault = await startFakeVault();
    console.info(`fake Vault (KV v2 + AppRole) on ${vault.url}`);
    vault.put('secret', 'integrations/slack', { bot_token: 'xoxb-vault', signing_secret: 'sig' });
    vault.put('kv/team', 'jira', { api_token: 'jira-vault' });
  });
  afterAll(() => vault.close());

  it('reads KV v2 with a token, with or without the data/ segment in the reference, and shares one read per path', async () => {
    vault.addToken('root-token');
    const r = new SecretResolver({ vault: { address: vault.url, token: 'root-token', mounts: ['kv/team'] } });
    const before = vault.requests.length;
    const [a, b] = await Promise.all([r.resolve('vault:secret/integrations/slack#bot_token'), r.resolve('vault:secret/integrations/slack#signing_secret')]);
    expect([a, b]).toEqual(['xoxb-vault', 'sig']);
    expect(await r.resolve('vault:secret/data/integrations/slack#bot_token')).toBe('xoxb-vault');
    expect(await r.resolve('vault:kv/team/jira#api_token')).toBe('jira-vault');
    expect(vault.requests.slice(before).map((q) => q.path)).toEqual(['/v1/secret/data/integrations/slack', '/v1/secret/data/integrations/slack', '/v1/kv/team/data/jira']);
    const key = await failure(r.resolve('vault:secret/integrations/slack#nope'));
    expect([key.reason, key.message]).toEqual(['missing-key', 'secret vault:secret/integrations/slack#nope: the secret at secret/integrations/slack has no key "nope" (keys: bot_token, signing_secret)']);
    expect((await failure(r.resolve('vault:secret/integrations/absent#k'))).reason).toBe('not-found');
  });

  it('logs in with AppRole, and logs in again when Vault revokes the token (403)', async () => {
    vault.addAppRole('role-1', 'secret-1', 60);
    const r = new SecretResolver({ vault: { address: vault.url, appRole: { roleId: 'role-1', secretId: 'secret-1' } }, ttlMs: 0 });
    expect(await r.resolve('vault:secret/integrations/slack#bot_token')).toBe('xoxb-vault');
    vault.revokeAll();
    const before = vault.requests.length;
    expect(await r.resolve('vault:secret/integrations/slack#bot_token')).toBe('xoxb-vault');
    expect(vault.requests.slice(before).map((q) => `${q.method} ${q.path}`)).toEqual([
      'GET /v1/secret/data/integrations/slack',
      'POST /v1/auth/approle/login',
      'GET /v1/secret/data/integrations/slack',
    ]);
    const bad = new SecretResolver({ vault: { address: vault.url, appRole: { roleId: 'role-1', secretId: 'wrong' } } });
    const denied = await failure(bad.resolve('vault:secret/integrations/slack#bot_token'));
    expect(denied.reason).toBe('denied');
    expect(denied.message).not.toContain('wrong');
  });

  it('reports a Vault that is down as unavailable, naming the reference', async () => {
    const down = await startFakeVault();
    const address = down.url;
    await down.close();
    const r = new SecretResolver({ vault: { address, token: 't' } });
    const error = await failure(r.resolve('vault:secret/integrations/slack#bot_token'));
    expect(error.reason).toBe('unavailable');
    expect(error.message).toMatch(/^secret vault:secret\/integrations\/slack#bot_token: Vault at http:\/\/127\.0\.0\.1:\d+ is unreachable \(ECONNREFUSED\)$/);
  });
});
