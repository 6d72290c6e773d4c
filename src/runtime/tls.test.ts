import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeClient } from '../runtime-client/client.js';
import { testCa, testLeaf } from '../../test/support/test-certificates.js';
import { freshStore } from '../../test/support/stores.js';
import { startRuntime, type RunningRuntime } from './start.js';
import { TlsMaterialError } from './tls.js';

/** A TLS handshake with the given protocol bounds; resolves to the negotiated protocol or the error's message. */
function handshake(port: number, opts: { ca: string; min: 'TLSv1' | 'TLSv1.2'; max: 'TLSv1.1' | 'TLSv1.3'; cert?: string; key?: string }): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({
      host: '127.0.0.1',
      port,
      ca: opts.ca,
      minVersion: opts.min,
      maxVersion: opts.max,
      // Lets this client offer TLS 1.0/1.1 at all, so that the refusal is the server's.
      ciphers: 'DEFAULT@SECLEVEL=0',
      ...(opts.cert ? { cert: opts.cert, key: opts.key } : {}),
    });
    socket.once('secureConnect', () => {
      const protocol = socket.getProtocol();
      socket.end('GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
      let answer = '';
      socket.on('data', (c: Buffer) => (answer += c.toString()));
      socket.once('close', () => resolve(`${protocol} ${answer.split('\r\n')[0]}`));
    });
    socket.once('error', (e) => resolve(`error: ${e.message}`));
  });
}

describe('the runtime listener over TLS', () => {
  const ca = testCa();
  const server = testLeaf(ca, 'server');
  const clientCa = testCa('Interlock Test Client CA');
  const client = testLeaf(clientCa, 'client');
  const stranger = testLeaf(testCa('Someone Else'), 'client');
  let dir: string;
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const disposers: (() => Promise<void>)[] = [];
  async function start(tls: { cert: string; key: string; clientCa?: string }, env: Record<string, string> = {}): Promise<RunningRuntime> {
    const fresh = await freshStore('embedded');
    const { configSecretResolver } = await import('./delivery/secret-refs.js');
    const runtime = await startRuntime({ store: fresh.store, port: 0, tls, secrets: configSecretResolver(env), delivery: false, scheduler: false, exports: false });
    disposers.push(async () => {
      await runtime.close();
      await fresh.dispose();
    });
    return runtime;
  }
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'interlock-tls-'));
  });
  afterAll(async () => {
    for (const d of disposers) await d();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves HTTPS from file: and env: references; TLS 1.1 and plain HTTP are refused', async () => {
    const rt = await start({ cert: `file:${file('server.pem', server.cert)}`, key: 'env:RUNTIME_KEY' }, { RUNTIME_KEY: server.key });
    expect(rt.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const port = rt.port;
    expect(await handshake(port, { ca: ca.cert, min: 'TLSv1.2', max: 'TLSv1.3' })).toMatch(/^TLSv1\.[23] HTTP\/1\.1 200/);
    expect(await handshake(port, { ca: ca.cert, min: 'TLSv1', max: 'TLSv1.1' })).toMatch(/^error: .*(protocol version|unsupported protocol)/i);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();

    const rc = new RuntimeClient({ url: rt.url, tls: { caFile: file('ca.pem', ca.cert) } });
    expect(await rc.ready()).toBe(true);
    rc.close();
    // Without the CA the runtime's certificate is not trusted.
    expect(await new RuntimeClient({ url: rt.url }).ready()).toBe(false);
  });

  it('with a client CA, refuses a client without a certificate or with a foreign one, and serves one with a certificate', async () => {
    const rt = await start({ cert: `file:${file('server2.pem', server.cert)}`, key: `file:${file('server2.key', server.key)}`, clientCa: `file:${file('client-ca.pem', clientCa.cert)}` });
    const port = rt.port;
    expect(await handshake(port, { ca: ca.cert, min: 'TLSv1.2', max: 'TLSv1.3' })).not.toMatch(/HTTP\/1\.1 200/);
    expect(await handshake(port, { ca: ca.cert, min: 'TLSv1.2', max: 'TLSv1.3', cert: stranger.cert, key: stranger.key })).not.toMatch(/HTTP\/1\.1 200/);
    expect(await handshake(port, { ca: ca.cert, min: 'TLSv1.2', max: 'TLSv1.3', cert: client.cert, key: client.key })).toMatch(/HTTP\/1\.1 200/);

    const tls = { caFile: file('ca2.pem', ca.cert), certFile: file('client.pem', client.cert), keyFile: file('client.key', client.key) };
    const withCert = new RuntimeClient({ url: rt.url, tls });
    expect(await withCert.ready()).toBe(true);
    withCert.close();
    const withoutCert = new RuntimeClient({ url: rt.url, tls: { caFile: tls.caFile } });
    expect(await withoutCert.ready()).toBe(false);
    withoutCert.close();
  });

  it('names an unresolvable reference and never a value', async () => {
    const fresh = await freshStore('embedded');
    disposers.push(fresh.dispose);
    const { configSecretResolver } = await import('./delivery/secret-refs.js');
    const started = startRuntime({ store: fresh.store, port: 0, tls: { cert: 'env:NOPE', key: 'env:KEY' }, secrets: configSecretResolver({ KEY: server.key }), delivery: false, scheduler: false, exports: false });
    await expect(started).rejects.toBeInstanceOf(TlsMaterialError);
    await expect(started).rejects.toThrow(/env:NOPE/);
    await expect(startRuntime({ store: fresh.store, port: 0, tls: { cert: 'env:KEY', key: 'env:KEY' }, secrets: configSecretResolver({ KEY: 'not pem' }), delivery: false, scheduler: false, exports: false })).rejects.toThrow(
      /not a PEM document/,
    );
  });
});
