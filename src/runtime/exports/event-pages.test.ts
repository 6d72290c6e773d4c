import { describe, expect, it } from 'vitest';
import type { Queryable } from '../store/database.js';
import { windowBatches, type EventBatch } from './event-pages.js';

const START = Date.UTC(2026, 11, 3);

/** Plaintext events (a store opened without keys) answering the reader's keyset queries. */
function table(payloads: string[]): Queryable {
  const rows = payloads.map((data, i) => ({ id: `evt_${String(i).padStart(4, '0')}`, type: i % 3 === 2 ? 'invoice.created' : 'shipment.scanned', data, accepted_at: new Date(START + i) }));
  return {
    async query<R>(_sql: string, params?: unknown[]): Promise<R[]> {
      const after = params && params.length > 3 ? String(params[4]) : '';
      return rows.filter((r) => r.id > after).slice(0, Number(params?.[2])) as R[];
    },
    exec: async () => undefined,
  };
}

const texts = (b: EventBatch) => {
  const bytes = Buffer.from(b.payloads.buffer, b.payloads.byteOffset, b.payloads.byteLength);
  return Array.from(b.ends, (end, i) => bytes.toString('utf8', i ? b.ends[i - 1] : 0, end));
};

describe('reading a window in batches of payload bytes', () => {
  const window = { start: new Date(START), end: new Date(START + 86_400_000) };

  it('carries each taken payload byte for byte across pages, non-ASCII text longer than its buffer included, and stops at the row bound', async () => {
    const payloads = Array.from({ length: 10 }, (_, i) => JSON.stringify({ i, note: i === 4 ? '€'.repeat(40_000) : `ü${i}` }));
    const reader = windowBatches(table(payloads), window, ['shipment.**'], null, 3);
    const taken = payloads.filter((_, i) => i % 3 !== 2);
    const first = (await reader.take(4, 1 << 20))!;
    expect(first.batch.ids).toEqual(['evt_0000', 'evt_0001', 'evt_0003', 'evt_0004']);
    expect(texts(first.batch)).toEqual(taken.slice(0, 4));
    expect(first.last).toEqual({ id: 'evt_0004', acceptedAt: new Date(START + 4).toISOString() });
    const rest = (await reader.take(100, 1 << 20))!;
    expect(texts(rest.batch)).toEqual(taken.slice(4));
    expect(await reader.take(100, 1 << 20)).toBeNull();
  });

  it('stops a batch once its payloads reach the byte bound, and fills buffers handed back instead of new ones', async () => {
    const payloads = Array.from({ length: 12 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(100) }));
    const reader = windowBatches(table(payloads), window, ['shipment.**'], null);
    const a = (await reader.take(100, 250))!;
    expect(a.batch.ids).toHaveLength(3); // 2 × 113 < 250 ≤ 3 × 113
    const buffer = a.batch.payloads.buffer;
    reader.recycle(a.batch);
    const b = (await reader.take(100, 250))!;
    expect(b.batch.payloads.buffer).toBe(buffer);
    expect(texts(b.batch)).toEqual(payloads.filter((_, i) => i % 3 !== 2).slice(3, 6));
  });
});
