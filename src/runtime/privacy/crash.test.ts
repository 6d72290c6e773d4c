import type { ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { builtRuntimeModule, spawnRuntimeScript } from '../../../test/support/spawned-runtime.js';
import { RuntimeClient } from '../../runtime-client/client.js';
import { freshLocation, type TestLocation } from '../../../test/support/stores.js';
import { packageRoot } from '../package-files.js';
import { startRuntime } from '../start.js';
import { openStore, type StoreLocation } from '../store/store.js';

/** A vendor with one delete operation per connector, as an OpenAPI document the runtime reads. */
const CONTRACT = {
  openapi: '3.0.3',
  info: { title: 'Erasure vendor', version: '1.0.0' },
  paths: { '/{tenant}/users/{email}': { delete: { operationId: 'deleteUser', parameters: [{ name: 'tenant', in: 'path', required: true, schema: { type: 'string' } }, { name: 'email', in: 'path', required: true, schema: { type: 'string' } }], responses: { '204': { description: 'Deleted' } } } } },
};
const CONNECTORS = ['alpha', 'bravo', 'charlie'];

/** The runtime in its own process (from the build), one step at a time, so that it can be killed with SIGKILL mid-call. */
async function spawnRuntime(location: StoreLocation): Promise<{ child: ChildProcess; url: string }> {
  const script = `
    const { startRuntime } = await import(${builtRuntimeModule('start.js')});
    const doc = ${JSON.stringify(CONTRACT)};
    const rt = await startRuntime({ ...${JSON.stringify(location)}, port: 0, workspace: ${JSON.stringify(packageRoot())}, scheduler: false, exports: false, streams: false, actions: false,
      delivery: { contractDocument: async () => doc }, erasure: { pollMs: 20, concurrency: 1, leaseMs: 1000 } });
    console.log(JSON.stringify({ url: rt.url }));`;
  return spawnRuntimeScript<{ url: string }>(script);
}

describe('kill -9 of the runtime mid-erasure (embedded store; the vendor is a small HTTP server on loopback)', () => {
  let location: TestLocation | undefined;
  let vendor: Server | undefined;
  afterEach(async () => {
    vendor?.closeAllConnections();
    await new Promise((r) => vendor?.close(r));
    await location?.dispose();
  });

  it('finishes every step after a restart; the only repeated call is the one in flight, with the same Idempotency-Key', async () => {
    const seen: { connector: string; key: string }[] = [];
    const erased = new Set<string>();
    let held: IncomingMessage | undefined;
    vendor = createServer((req, res) => {
      const connector = req.url!.split('/')[1];
      const key = String(req.headers['idempotency-key']);
      seen.push({ connector, key });
      // bravo's first call never answers: the runtime is killed while it waits.
      if (connector === 'bravo' && !held) {
        held = req;
        return;
      }
      erased.add(key);
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => vendor!.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(vendor.address() as AddressInfo).port}`;

    location = await freshLocation('embedded');
    const store = await openStore(location.location);
    await store.apply(
      {
        expectedRevision: await store.revision(),
        changes: [{ action: 'create' as const, kind: 'Contract', name: 'vendor-api', spec: { format: 'openapi' } }, ...CONNECTORS.map((name) => ({
          action: 'create' as const,
          kind: 'Integration',
          name,
          spec: { vendor: 'acme', contract: { ref: 'vendor-api' }, direction: 'outbound', endpoint: { baseUrl: base, localTesting: true }, auth: { type: 'none' }, erasure: { method: 'delete', operation: 'deleteUser', identifier: 'email', with: { tenant: name, email: '{{subject.value}}' } } },
        }))],
      },
      { actor: 'test', now: new Date() },
      { actor: 'test', action: 'applyChanges', target: 'state', data: {} },
    );
    const { token } = await store.createToken('privacy', new Date());
    await store.close();

    const { child, url } = await spawnRuntime(location.location);
    try {
      await new RuntimeClient({ url, token }).createErasure({ id: 'dsr-crash', identifiers: [{ type: 'email', value: 'c@example.com' }], legalBasis: 'gdpr-art17' });
      await vi.waitFor(() => expect(held).toBeDefined(), { timeout: 60_000, interval: 20 });
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    const before = seen.length;
    console.info(`killed with ${before} vendor calls made, bravo's in flight`);

    const doc = CONTRACT;
    const restarted = await startRuntime({ ...location.location, port: 0, workspace: packageRoot(), scheduler: false, exports: false, streams: false, actions: false, delivery: { contractDocument: async () => doc }, erasure: { pollMs: 20, leaseMs: 1000 } });
    try {
      const client = new RuntimeClient({ url: restarted.url, token });
      await vi.waitFor(async () => expect((await client.getErasure('dsr-crash')).status).toBe('completed'), { timeout: 60_000, interval: 50 });
      const request = await client.getErasure('dsr-crash');
      expect(request.steps.map((s) => [s.integration, s.state])).toEqual(CONNECTORS.map((c) => [c, 'done']));
      // alpha and charlie were called once each; bravo twice: the call cut by the kill and its takeover, same key.
      const calls = (c: string) => seen.filter((x) => x.connector === c).map((x) => x.key);
      expect(calls('alpha')).toEqual(['dsr-crash:alpha:delete']);
      expect(calls('charlie')).toEqual(['dsr-crash:charlie:delete']);
      expect(calls('bravo')).toEqual(['dsr-crash:bravo:delete', 'dsr-crash:bravo:delete']);
      expect([...erased].sort()).toEqual(CONNECTORS.map((c) => `dsr-crash:${c}:delete`));
      expect(request.steps.find((s) => s.integration === 'bravo')!.attempts).toBe(2);
    } finally {
      await restarted.close();
    }
  });
});
