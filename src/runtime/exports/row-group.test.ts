import { describe, expect, it } from 'vitest';
import { SHIPMENTS } from '../../../test/support/export-fixtures.js';
import { planColumns } from './columns.js';
import type { EventBatch } from './event-pages.js';
import { batchColumns, encoderBatch } from './row-group.js';

function batch(payloads: string[]): EventBatch {
  const bytes = Buffer.from(payloads.join(''), 'utf8');
  const ends = new Uint32Array(payloads.length);
  payloads.reduce((at, p, i) => (ends[i] = at + Buffer.byteLength(p)), 0);
  return { ids: payloads.map((_, i) => `evt_${i}`), types: payloads.map(() => 'shipment.scanned'), keys: [], acceptedAt: payloads.map((_, i) => Date.UTC(2026, 0, 1) + i), payloads: new Uint8Array(bytes), ends };
}

const PAYLOADS = [
  JSON.stringify({ shipmentNumber: 'SHP-1', status: 'ok', weight_kg: 1.5, pieces: 2, consignee_email: 'é@example.com', delivered: true }),
  JSON.stringify({ status: 'ok', weight_kg: 2 }),
  JSON.stringify({ shipmentNumber: 'SHP-3', status: 'lost', weight_kg: '3.25' }),
];

describe('encoderBatch', () => {
  it('leaves ids and types behind when no column reads them, with the same columns encoded', () => {
    const { columns } = planColumns(SHIPMENTS, { shipment_number: 'data.shipmentNumber', updated_at: 'acceptedAt' });
    const full = batch(PAYLOADS);
    const slim = encoderBatch(full, columns);
    expect(slim.ids).toEqual([]);
    expect(slim.types).toEqual([]);
    expect(full.ids).toEqual(['evt_0', 'evt_1', 'evt_2']);
    const expected = { rows: 2, rejected: [{ index: 1, field: 'shipment_number' }], data: [['SHP-1', 'SHP-3'], ['ok', 'lost'], [1.5, 3.25], [2, null], ['é@example.com', null], [true, null], [Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 2]] };
    expect(batchColumns(slim, columns)).toEqual(expected);
    expect(batchColumns(full, columns)).toEqual(expected);
  });

  it('keeps them for columns that read them, and a batch without them cannot feed such columns', () => {
    const { columns } = planColumns(SHIPMENTS, { shipment_number: 'id', status: 'type', updated_at: 'acceptedAt' });
    const full = batch(PAYLOADS);
    expect(encoderBatch(full, columns)).toBe(full);
    expect(batchColumns(full, columns).data.slice(0, 2)).toEqual([['evt_0', 'evt_1', 'evt_2'], ['shipment.scanned', 'shipment.scanned', 'shipment.scanned']]);
    expect(() => batchColumns({ ...full, ids: [], types: [] }, columns)).toThrow('a batch of 3 payloads carried 0 ids, 0 types and 3 acceptance times');
  });
});
