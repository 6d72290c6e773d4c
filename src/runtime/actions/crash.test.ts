import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { builtRuntimeModule, spawnRuntimeScript } from '../../../test/support/spawned-runtime.js';
import { parse } from 'yaml';
import { ENGINES, freshLocation, type TestLocation } from '../../../test/support/stores.js';
import { FAST_RETRY, putIntegration } from '../../../test/support/delivery-fixtures.js';
import { packageRoot } from '../package-files.js';
import { startRuntime } from '../start.js';
import { payloadsOf } from '../store/database.js';
import { openStore, type StoreLocation } from '../store/store.js';
import { listCalls } from './queries.js';
import { RuntimeClient } from '../../runtime-client/client.js';
import { configSecretResolver } from '../delivery/secret-refs.js';

const FILE = 'contracts/servicenow/table-api.openapi.yaml';
const DOCUMENT = parse(readFileSync(new URL(`../../../${FILE}`, import.meta.url), 'utf8')) as unknown;
const LOCK_MS = 1500;
const EVENTS = 12;

/**
 * A stand-in for ServiceNow's createIncident that can hold calls open: each request is recorded by its
 * short_description; `answer` says whether to answer it (201 with a ticket number) or leave it hanging.
 */
class Vendor {
  readonly received: string[] = [];
  answer: (n: number) => boolean = () => true;
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { short_description: summary } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { short_description: string };
      this.received.push(summary);
      if (!this.answer(this.received.length)) return;
      const number = `INC${String(this.received.length).padStart(7, '0')}`;
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ result: { number, sys_id: number.toLowerCase() } }));
    });
  });
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }
}

const runtimeOptions = (location: StoreLocation) => ({
  ...location,
  port: 0,
  scheduler: false as const,
  streams: false as const,
  actions: { pollMs: 50, lockMs: LOCK_MS },
});

/** The runtime in its own process (from the build), so that it can be killed with SIGKILL mid-call. */
async function spawnRuntime(location: StoreLocation): Promise<{ child: ChildProcess; url: string }> {
  const script = `
    const { startRuntime } = await import(${builtRuntimeModule('start.js')});
    const { configSecretResolver } = await import(${builtRuntimeModule('delivery/secret-refs.js')});
    const document = ${JSON.stringify(DOCUMENT)};
    const rt = await startRuntime({ ...${JSON.stringify(runtimeOptions(location))}, workspace: ${JSON.stringify(packageRoot())},
      delivery: { config: { retry: ${JSON.stringify(FAST_RETRY)}, pollMs: 50, secrets: configSecretResolver({ SN_TOKEN: 'test-token' }) }, contractDocument: () => document } });
    console.log(JSON.stringify({ url: rt.url }));`;
  return spawnRuntimeScript<{ url: string }>(script);
}

describe.each(ENGINES)('kill -9 with action calls in flight (%s store)', (engine) => {
  let location: TestLocation | undefined;
  let vendor: Vendor | undefined;
  afterEach(async () => {
    await vendor?.close();
    await location?.dispose();
  });

  it('every queued call is made after a restart, and each emits its event once however often it was made', async () => {
    location = await freshLocation(engine);
    vendor = await new Vendor().start();
    const store = await openStore(location.location);
    await store.putResource('Contract', 'servicenow-table-api', { spec: { format: 'openapi' } }, { actor: 'test', now: new Date() }, { actor: 'test', action: 'putResource', target: null, data: {} });
    await putIntegration(store, 'servicenow-incidents', {
      vendor: 'servicenow',
      contract: { ref: 'servicenow-table-api' },
      endpoint: { baseUrl: vendor.url, localTesting: true, timeoutMs: 60_000 },
      auth: { type: 'apiKey', in: 'header', name: 'Authorization', value: 'env:SN_TOKEN' },
      actions: [
        {
          on: 'incident.created',
          call: 'createIncident',
          with: { short_description: '{{event.data.summary}}' },
          emit: { event: 'ticket.created', with: { number: '{{response.result.number}}', incidentId: '{{event.id}}' } },
        },
      ],
    });
    const { token } = await store.createToken('operator', new Date());
    await store.close();

    // The first three calls are answered; every later one is held open, so calls are in flight (made at the
    // vendor, not recorded) when the runtime dies, however fast or slow the machine is.
    vendor.answer = (n) => n <= 3;
    const { child, url } = await spawnRuntime(location.location);
    const client = new RuntimeClient({ url, token });
    const summaries = Array.from({ length: EVENTS }, (_, i) => `Incident ${i}`);
    try {
      for (const summary of summaries) await client.sendEvent({ type: 'incident.created', data: { summary } });
      await vi.waitFor(() => expect(vendor!.received.length).toBeGreaterThanOrEqual(5), { timeout: 30_000, interval: 50 });
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    const madeBeforeKill = new Set(vendor.received);

    vendor.answer = () => true;
    const restarted = await startRuntime({
      ...runtimeOptions(location.location),
      delivery: { config: { retry: FAST_RETRY, pollMs: 50, secrets: configSecretResolver({ SN_TOKEN: 'test-token' }) }, contractDocument: () => DOCUMENT },
    });
    try {
      const db = restarted.store.db;
      await vi.waitFor(
        async () => {
          const calls = await listCalls(db, { limit: 100 });
          expect(calls.filter((c) => c.status !== 'succeeded').map((c) => `${c.id}: ${c.status} ${c.lastError ?? ''}`)).toEqual([]);
          expect(calls).toHaveLength(EVENTS);
        },
        { timeout: 60_000, interval: 100 },
      );
      await restarted.services.actions!.idle();
      // At least once: every event's call reached the vendor, those in flight at the kill again after it.
      expect([...new Set(vendor.received)].sort()).toEqual([...summaries].sort());
      expect(vendor.received.length).toBeGreaterThan(EVENTS);
      expect(madeBeforeKill.size).toBeGreaterThanOrEqual(5);
      // Once per call: a call made twice still emits one ticket.created (idempotent per call).
      const tickets = await db.query<{ data: string }>(`SELECT data FROM events WHERE type = 'ticket.created'`);
      const incidents = tickets.map((t) => (JSON.parse(payloadsOf(db).open(t.data)) as { incidentId: string }).incidentId);
      expect(incidents).toHaveLength(EVENTS);
      expect(new Set(incidents).size).toBe(EVENTS);
    } finally {
      await restarted.close();
    }
  });
});
