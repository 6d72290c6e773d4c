import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenView } from '../../core/token-api.js';
import { startRuntime, type RunningRuntime } from '../../runtime/start.js';
import { freshStore } from '../../../test/support/stores.js';
import { testCa, testLeaf } from '../../../test/support/test-certificates.js';
import { run } from '../main.js';

describe('CLI commands against an HTTPS runtime with mutual TLS', () => {
  const ca = testCa();
  const clientCa = testCa('Interlock Test Client CA');
  const server = testLeaf(ca, 'server');
  const client = testLeaf(clientCa, 'client');
  let dir: string;
  let runtime: RunningRuntime;
  let dispose: () => Promise<void>;
  let admin: string;
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'interlock-cli-tls-'));
    const fresh = await freshStore('embedded');
    admin = (await fresh.store.createToken('admin', new Date())).token;
    runtime = await startRuntime({
      store: fresh.store,
      port: 0,
      tls: { cert: `file:${file('server.pem', server.cert)}`, key: `file:${file('server.key', server.key)}`, clientCa: `file:${file('client-ca.pem', clientCa.cert)}` },
      delivery: false,
      scheduler: false,
      exports: false,
    });
    dispose = async () => {
      await runtime.close();
      await fresh.dispose();
    };
  });
  afterAll(async () => {
    await dispose?.();
    rmSync(dir, { recursive: true, force: true });
  });

  async function cli(env: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await run(argv, { stdout: { write: (c: string) => (out += c) }, stderr: { write: (c: string) => (err += c) }, env, cwd: dir });
    return { code, out, err };
  }

  it('talks to it with --ca and the client certificate from the environment; without them it cannot reach it', async () => {
    const env = { INTERLOCK_TOKEN: admin, INTERLOCK_RUNTIME_CLIENT_CERT: file('client.pem', client.cert), INTERLOCK_RUNTIME_CLIENT_KEY: file('client.key', client.key) };
    const ok = await cli(env, 'runtime', 'token', 'list', '--runtime', runtime.url, '--ca', file('ca.pem', ca.cert), '--format', 'json');
    expect(ok.code, ok.err).toBe(0);
    expect((JSON.parse(ok.out) as { tokens: TokenView[] }).tokens.map((t) => t.role)).toEqual(['admin']);

    const viaEnv = await cli({ ...env, INTERLOCK_RUNTIME_URL: runtime.url, INTERLOCK_RUNTIME_CA: path.join(dir, 'ca.pem') }, 'audit', 'verify');
    expect(viaEnv.code, viaEnv.err).toBe(0);

    const noCert = await cli({ INTERLOCK_TOKEN: admin, INTERLOCK_RUNTIME_CA: path.join(dir, 'ca.pem') }, 'runtime', 'token', 'list', '--runtime', runtime.url);
    expect(noCert.code).toBe(2);
    expect(noCert.err).toContain('Cannot reach the runtime');
    expect(noCert.err).toContain('INTERLOCK_RUNTIME_CLIENT_CERT');
    expect(noCert.err).not.toContain('    at ');
  });

  it('says why it cannot reach an https runtime (an unknown CA, a CA file that is not there) instead of telling to start it', async () => {
    const env = { INTERLOCK_TOKEN: admin, INTERLOCK_RUNTIME_CLIENT_CERT: file('client.pem', client.cert), INTERLOCK_RUNTIME_CLIENT_KEY: file('client.key', client.key) };
    const untrusted = await cli(env, 'runtime', 'token', 'list', '--runtime', runtime.url);
    expect(untrusted.code).toBe(2);
    expect(untrusted.err).toMatch(/Cannot reach the runtime at https:\S+ while listing tokens \([^)]*certificate[^)]*\); check its CA \(--ca or INTERLOCK_RUNTIME_CA\)/);
    expect(untrusted.err).not.toContain('interlock runtime start');

    const missing = await cli(env, 'runtime', 'token', 'list', '--runtime', runtime.url, '--ca', path.join(dir, 'no-such-ca.pem'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('ENOENT');
    expect(missing.err).toContain('no-such-ca.pem');
    expect(missing.err).not.toContain('    at ');
  });
});
