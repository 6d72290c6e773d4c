import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { claimDueCalls, insertCalls } from '../actions/queries.js';
import { insertEvent } from '../delivery/outbox-queries.js';
import { unpublished } from '../delivery/queue-queries.js';
import { claimSteps, insertRequest, insertStep } from '../privacy/erasure-queries.js';
import type { PlannedStep } from '../privacy/erasure-plan.js';
import { eventsAfter } from '../streams/cursor-queries.js';
import { ENGINES, freshLocation, type TestLocation } from '../../../test/support/stores.js';
import { keyEncryptionKey, SEALED_PREFIX, type Keyring } from './payload-cipher.js';
import { rewrapPayloads } from './payload-rewrap.js';
import { openStore, type Store } from './store.js';

const kek = () => keyEncryptionKey(randomBytes(32));
const at = new Date('2026-12-01T10:00:00Z');

/** Writes one row into every payload column, each carrying `marker`; `source` (not a payload) carries `visible`. */
async function writePayloads(store: Store, marker: string, visible: string): Promise<string> {
  const eventId = `evt_${randomBytes(6).toString('hex')}`;
  await store.db.transaction(async (tx) => {
    await insertEvent(
      tx,
      { id: eventId, type: 'incident.opened', data: { email: `${marker}@example.com` }, idempotencyKey: null, source: visible, acceptedAt: at.toISOString() },
      [{ integration: 'acme-tickets', variant: 'stable', target: { url: 'https://acme.example/hook', secret: 'env:X', concurrency: 1, timeoutMs: 1000 } as never, body: JSON.stringify({ data: { email: `${marker}@example.com` } }) }],
      new Set(),
    );
    await insertCalls(tx, [
      {
        eventId,
        acceptedAt: at.toISOString(),
        calls: [{ integration: 'acme-tickets', actionIndex: 0, action: { on: 'incident.*', call: 'createTicket', with: {} }, request: { body: { reporter: `${marker}@example.com` } }, error: null }],
      },
    ]);
    const requestId = `er_${randomBytes(6).toString('hex')}`;
    await insertRequest(tx, { id: requestId, identifiers: [{ type: 'email', value: `${marker}@example.com` }], digests: [], contentHash: 'h', legalBasis: 'gdpr-art-17', deadline: at, jurisdiction: null, status: 'open', actor: 'test', now: at });
    await insertStep(tx, requestId, { stepId: 's1', integration: 'acme-tickets', contract: 'acme-api', identifierType: 'email', erasure: { method: 'delete', operation: 'deleteContact' } } as unknown as PlannedStep, 'pending', null, at);
  });
  return eventId;
}

/** What the runtime's readers get back: the marker in each payload. */
async function readBack(store: Store): Promise<string> {
  const events = await eventsAfter(store.db, null, new Date('2030-01-01T00:00:00Z'), 100);
  const jobs = await unpublished(store.db, 100);
  const calls = await claimDueCalls(store.db, { now: new Date('2030-01-01T00:00:00Z'), lockedUntil: new Date('2030-01-01T00:01:00Z'), limit: 100, held: [] });
  const steps = await claimSteps(store.db, new Date('2030-01-01T00:00:00Z'), 60_000, 100);
  return JSON.stringify({ events: events.map((e) => e.data), bodies: jobs.map((j) => j.body), calls: calls.map((c) => c.request), steps: steps.map((s) => s.identifiers) });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

async function rawPostgres(location: TestLocation): Promise<string> {
  const client = new pg.Client({ connectionString: (location.location as { databaseUrl: string }).databaseUrl });
  await client.connect();
  try {
    const dump: string[] = [];
    for (const table of ['events', 'deliveries', 'action_calls', 'erasure_requests', 'erasure_steps']) {
      const { rows } = await client.query<{ row: string }>(`SELECT t::text AS row FROM ${table} t`);
      dump.push(...rows.map((r) => r.row));
    }
    return dump.join('\n');
  } finally {
    await client.end();
  }
}

describe.each(ENGINES)('payloads at rest on the %s store', (engine) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('holds no plaintext payload in the raw store, and every reader gets it back', async () => {
    const location = await freshLocation(engine);
    cleanup.push(() => location.dispose());
    const keys: Keyring = { current: kek(), previous: [] };
    const marker = `secret-${randomBytes(8).toString('hex')}`;
    const visible = `visible-${randomBytes(8).toString('hex')}`;
    const store = await openStore(location.location, { keys });
    await writePayloads(store, marker, visible);
    const read = await readBack(store);
    // Event data, delivery body, call request and erasure identifiers: four readers, each sees the plaintext.
    expect(read.split(marker).length - 1).toBe(4);
    await store.close();

    let raw: string;
    if (engine === 'embedded') {
      // The database files themselves (heap, WAL), not a query: what a copied data directory would give away.
      raw = filesUnder(path.join((location.location as { dataDir: string }).dataDir, 'pg'))
        .map((f) => readFileSync(f).toString('latin1'))
        .join('\n');
    } else {
      raw = await rawPostgres(location);
    }
    expect(raw).toContain(visible); // the scan does see what is stored in clear
    expect(raw).not.toContain(marker);
    expect(raw).toContain(`${SEALED_PREFIX}${keys.current.id}.`); // the KEK's id is in the rows
  });

  it('rotates the KEK: old rows stay readable, the re-wrap moves them to the new KEK without touching the ciphertext', async () => {
    const location = await freshLocation(engine);
    cleanup.push(() => location.dispose());
    const oldKek = kek();
    const newKek = kek();
    const marker = `rot-${randomBytes(8).toString('hex')}`;
    const first = await openStore(location.location, { keys: { current: oldKek, previous: [] } });
    await writePayloads(first, marker, 'v');
    await first.close();

    // The new KEK seals, the old one still opens what it sealed.
    const rotating = await openStore(location.location, { keys: { current: newKek, previous: [oldKek] } });
    await writePayloads(rotating, `${marker}-new`, 'v');
    const before = await rotating.db.query<{ id: string; data: string }>('SELECT id, data FROM events ORDER BY id');
    expect(before.filter((r) => r.data.startsWith(`${SEALED_PREFIX}${oldKek.id}.`))).toHaveLength(1);
    const { rewrapped } = await rewrapPayloads(rotating.db, { pageSize: 1 });
    expect(rewrapped).toBe(4); // the old event, delivery, call and erasure request
    expect((await rewrapPayloads(rotating.db)).rewrapped).toBe(0);
    const after = await rotating.db.query<{ id: string; data: string }>('SELECT id, data FROM events ORDER BY id');
    const tail = (s: string) => s.split('.').slice(4).join('.');
    expect(after.map((r) => tail(r.data))).toEqual(before.map((r) => tail(r.data)));
    await rotating.close();

    // With the old KEK retired, everything is still readable.
    const retired = await openStore(location.location, { keys: { current: newKek, previous: [] } });
    const read = await readBack(retired);
    expect(read.split(`${marker}@`).length - 1).toBe(4);
    expect(read.split(`${marker}-new@`).length - 1).toBe(4);
    await retired.close();

    // Without the right KEK a row cannot be read, and the error names the key id (never key material).
    const wrong = await openStore(location.location, { keys: { current: oldKek, previous: [] } });
    await expect(eventsAfter(wrong.db, null, new Date('2030-01-01T00:00:00Z'), 10)).rejects.toThrow(new RegExp(`key-encryption key ${newKek.id}`));
    await wrong.close();
  });
});

describe('the runtime’s KEK from its configuration', () => {
  it('seals under the KEK the secret reference names, and runs keys:rewrap while a previous KEK is held', async () => {
    const location = await freshLocation('postgres');
    const current = randomBytes(32);
    const previous = randomBytes(32);
    const env: Record<string, string> = { 'env:KEK': current.toString('base64'), 'env:OLD': previous.toString('hex') };
    const { startRuntime } = await import('../start.js');
    const runtime = await startRuntime({ ...location.location, port: 0, keys: { current: 'env:KEK', previous: ['env:OLD'] }, secrets: (ref) => env[ref], delivery: false, monitor: false });
    try {
      expect(runtime.store.db.payloads?.currentKekId).toBe(keyEncryptionKey(current).id);
      const jobs = await runtime.services.scheduler!.list();
      expect(jobs.map((j) => j.id)).toContain('keys:rewrap');
    } finally {
      await runtime.close();
      await location.dispose();
    }
  });
});
