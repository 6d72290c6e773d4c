import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RuntimeClient } from '../../runtime-client/client.js';
import { freshLocation, type TestLocation } from '../../../test/support/stores.js';
import { packageRoot } from '../package-files.js';
import { startRuntime, type RunningRuntime } from '../start.js';
import { withTenant } from '../store/tenant-scope.js';

const CONTRACT = {
  openapi: '3.0.3',
  info: { title: 'Erasure vendor', version: '1.0.0' },
  paths: { '/{owner}/users/{email}': { delete: { operationId: 'deleteUser', parameters: [{ name: 'owner', in: 'path', required: true, schema: { type: 'string' } }, { name: 'email', in: 'path', required: true, schema: { type: 'string' } }], responses: { '204': { description: 'Deleted' } } } } },
};

describe('erasure steps of two tenants whose connectors share a name (the vendor is a small HTTP server on loopback)', () => {
  let location: TestLocation | undefined;
  let vendor: Server | undefined;
  let rt: RunningRuntime | undefined;
  afterEach(async () => {
    await rt?.close();
    vendor?.closeAllConnections();
    await new Promise((r) => vendor?.close(r));
    await location?.dispose();
  });

  it("calls the requesting tenant's connector only, with its own mapping", async () => {
    const seen: string[] = [];
    vendor = createServer((req, res) => {
      seen.push(decodeURIComponent(req.url!));
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => vendor!.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(vendor.address() as AddressInfo).port}`;
    location = await freshLocation('embedded');
    rt = await startRuntime({ ...location.location, port: 0, workspace: packageRoot(), scheduler: false, exports: false, streams: false, actions: false, delivery: { contractDocument: async () => CONTRACT }, erasure: { pollMs: 20, leaseMs: 1000 } });
    const store = rt.store;
    const tokens: Record<string, string> = {};
    for (const tenant of ['tenant-a', 'tenant-b']) {
      await withTenant(tenant, async () =>
        store.apply(
          {
            expectedRevision: await store.revision(),
            changes: [
              { action: 'create', kind: 'Contract', name: 'vendor-api', spec: { format: 'openapi' } },
              {
                action: 'create',
                kind: 'Integration',
                name: 'crm',
                // The endpoint and the mapping name the tenant whose connector made the call.
                spec: { vendor: 'acme', contract: { ref: 'vendor-api' }, direction: 'outbound', endpoint: { baseUrl: `${base}/${tenant}-endpoint`, localTesting: true }, auth: { type: 'none' }, erasure: { method: 'delete', operation: 'deleteUser', identifier: 'email', with: { owner: tenant, email: '{{subject.value}}' } } },
              },
            ],
          },
          { actor: 'test', now: new Date() },
          { actor: 'test', action: 'applyChanges', target: 'state', data: {} },
        ),
      );
      tokens[tenant] = (await store.createToken('privacy', new Date(), { tenant })).token;
    }
    for (const tenant of ['tenant-a', 'tenant-b']) {
      const client = new RuntimeClient({ url: rt.url, token: tokens[tenant] });
      await client.createErasure({ id: `dsr-${tenant}`, identifiers: [{ type: 'email', value: `${tenant}@example.com` }], legalBasis: 'gdpr-art17' });
      await vi.waitFor(async () => expect((await client.getErasure(`dsr-${tenant}`)).status).toBe('completed'), { timeout: 60_000, interval: 50 });
    }
    expect(seen).toEqual(['/tenant-a-endpoint/tenant-a/users/tenant-a@example.com', '/tenant-b-endpoint/tenant-b/users/tenant-b@example.com']);
  });
});
