import { afterEach, describe, expect, it } from 'vitest';
import { insertEvents, shipmentEvents } from '../../../test/support/export-fixtures.js';
import { applyStream } from '../../../test/support/stream-fixtures.js';
import { freshStore } from '../../../test/support/stores.js';
import { withTenant } from '../store/tenant-scope.js';
import { StreamPublisher } from './publisher.js';
import type { SinkSpec, StreamMessage, StreamSink } from './sink.js';

describe('streams of two tenants whose integrations share a name (a recording sink in place of the engine)', () => {
  let dispose: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await dispose?.();
    dispose = undefined;
  });

  it("publishes each tenant's events to its own sink only, with its own cursor", async () => {
    const fresh = await freshStore('embedded');
    dispose = fresh.dispose;
    const { store } = fresh;
    const start = new Date('2026-12-03T00:00:00Z');
    for (const tenant of ['tenant-a', 'tenant-b']) {
      await withTenant(tenant, async () => {
        await applyStream(store, 'shipment-stream', {
          dataContract: 'shipments',
          source: { events: ['shipment.**'], fields: { shipment_number: 'data.shipmentNumber', updated_at: 'acceptedAt' } },
          key: 'shipment_number',
          restricted: 'mask',
          sink: { nats: { url: 'nats://127.0.0.1:4222', subject: `${tenant}.shipments` } },
        });
        // 10 events each (8 shipments), ids told apart by tenant.
        await insertEvents(store.db, shipmentEvents(10, start).map((e) => ({ ...e, id: `${tenant}_${e.id}` })));
      });
    }
    const published = new Map<string, string[]>();
    const publisher = new StreamPublisher({
      store,
      secrets: () => undefined,
      settleMs: 0,
      pollMs: 60_000,
      openSink: async (spec: SinkSpec): Promise<StreamSink> => {
        const subject = (spec as { nats: { subject: string } }).nats.subject;
        return {
          engine: 'nats',
          publish: async (batch: readonly StreamMessage[]) => {
            published.set(subject, [...(published.get(subject) ?? []), ...batch.map((m) => m.id)]);
            return batch.map((m) => m.id);
          },
          close: async () => undefined,
        };
      },
    });
    publisher.start();
    for (let i = 0; i < 400 && [...published.values()].flat().length < 16; i++) await new Promise((r) => setTimeout(r, 25));
    await publisher.close();
    const ids = (tenant: string) => shipmentEvents(10, start).filter((e) => e.type.startsWith('shipment.')).map((e) => `${tenant}_${e.id}`);
    expect(published.get('tenant-a.shipments')).toEqual(ids('tenant-a'));
    expect(published.get('tenant-b.shipments')).toEqual(ids('tenant-b'));
    // Each tenant's cursor row is its own and stands at its own last event.
    const cursors = await store.db.query<{ tenant_id: string; integration: string; last_event_id: string }>('SELECT tenant_id, integration, last_event_id FROM stream_cursors ORDER BY tenant_id');
    expect(cursors.map((c) => [c.tenant_id, c.integration, c.last_event_id])).toEqual([
      ['tenant-a', 'shipment-stream', 'tenant-a_evt_00000009'],
      ['tenant-b', 'shipment-stream', 'tenant-b_evt_00000009'],
    ]);
  });
});
