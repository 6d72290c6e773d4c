import type { DataContractSpec } from '../../src/core/resources.js';
import type { Queryable } from '../../src/runtime/store/database.js';
import type { Store } from '../../src/runtime/store/store.js';

/** Test fixtures: a small shipments DataContract, its export, and shipment events inserted as accepted. */
export const SHIPMENTS: DataContractSpec = {
  version: '2.3.0',
  primaryKey: ['shipment_number'],
  fields: {
    shipment_number: { type: 'string', required: true, classification: { sensitivity: 'internal', pii: null } },
    status: { type: 'string', required: true, classification: { sensitivity: 'internal', pii: null } },
    weight_kg: { type: 'number', required: true, classification: { sensitivity: 'internal', pii: null } },
    pieces: { type: 'integer', classification: { sensitivity: 'internal', pii: null } },
    consignee_email: { type: 'string', classification: { sensitivity: 'confidential', pii: 'contact' } },
    customs_id: { type: 'string', classification: { sensitivity: 'restricted', pii: 'identifier' } },
    delivered: { type: 'boolean', classification: { sensitivity: 'internal', pii: null } },
    updated_at: { type: 'date-time', required: true, classification: { sensitivity: 'internal', pii: null } },
  },
};

export interface ShipmentEvent {
  id: string;
  type: string;
  acceptedAt: string;
  data: { shipmentNumber: string; status: string; weight_kg: number; pieces?: number; consignee_email?: string; customs_id?: string; delivered?: boolean };
}

/** `n` events, one a second from `start`; every 7th carries no `pieces`, every 5th is a non-matching type. */
export function shipmentEvents(n: number, start: Date, offset = 0): ShipmentEvent[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + offset;
    return {
      id: `evt_${String(i).padStart(8, '0')}`,
      type: i % 5 === 4 ? 'invoice.created' : i % 2 ? 'shipment.delivered' : 'shipment.scanned',
      acceptedAt: new Date(start.getTime() + i * 1000).toISOString(),
      data: {
        shipmentNumber: `SHP-2026-${String(i).padStart(6, '0')}`,
        status: i % 2 ? 'delivered' : 'in-transit',
        weight_kg: (i % 100) / 4,
        ...(i % 7 ? { pieces: i % 3 } : {}),
        consignee_email: `c${i}@example.com`,
        customs_id: `CUS${i}`,
        delivered: i % 2 === 1,
      },
    };
  });
}

export async function insertEvents(db: Queryable, events: readonly ShipmentEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 2000) {
    const page = events.slice(i, i + 2000);
    await db.query(
      `INSERT INTO events (id, type, data, source, accepted_at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])`,
      [page.map((e) => e.id), page.map((e) => e.type), page.map((e) => JSON.stringify(e.data)), page.map(() => 'test'), page.map((e) => e.acceptedAt)],
    );
  }
}

/** Applies a DataContract, a RetentionPolicy and an Integration whose `export` is `exportSpec`. */
export async function applyExport(store: Store, exportSpec: Record<string, unknown>, name = 'warehouse-nightly'): Promise<void> {
  const revision = await store.revision();
  const action = async (kind: string, n: string) => ((await store.resource(kind, n)) ? 'update' : 'create') as 'update' | 'create';
  await store.apply(
    {
      expectedRevision: revision,
      changes: [
        { action: await action('DataContract', 'shipments'), kind: 'DataContract', name: 'shipments', spec: SHIPMENTS as unknown as Record<string, unknown> },
        { action: await action('RetentionPolicy', 'retention'), kind: 'RetentionPolicy', name: 'retention', spec: { maxDays: { internal: 1825, confidential: 365, restricted: 30 } } },
        {
          action: await action('Integration', name),
          kind: 'Integration',
          name,
          spec: { vendor: 'acme', contract: { ref: 'x' }, direction: 'outbound', endpoint: { baseUrl: 'https://x.example' }, auth: { type: 'none' }, data: { retentionDays: 730 }, export: exportSpec },
        },
      ],
    },
    { actor: 'test', now: new Date() },
    { actor: 'test', action: 'applyChanges', target: 'state', data: {} },
  );
}
