import { randomBytes } from 'node:crypto';
import { parquetMetadata, parquetReadObjects, readOffsetIndex } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { describe, expect, it } from 'vitest';
import { SHIPMENTS } from '../../../test/support/export-fixtures.js';
import type { Queryable } from '../store/database.js';
import { envelopeCipher, keyEncryptionKey } from '../store/payload-cipher.js';
import type { Destination } from './destination.js';
import type { ExportJob } from './jobs.js';
import { exportWindow } from './run-window.js';

const START = Date.UTC(2026, 11, 3);
const N = 3000;

/**
 * The window's events as the store returns them: payloads sealed (one a legacy plaintext row), every 9th a
 * type the export does not take, event 10 without the required shipment number (rejected), and long
 * e-mail values so a row group's column spans several pages (an offset index to move).
 */
function eventTable(): Queryable {
  const cipher = envelopeCipher({ current: keyEncryptionKey(randomBytes(32)), previous: [] });
  const rows = Array.from({ length: N }, (_, i) => {
    const data = JSON.stringify({ ...(i === 10 ? {} : { shipmentNumber: `SHP-${i}` }), status: 'ok', weight_kg: i / 2, ...(i % 7 ? { pieces: i % 3 } : {}), consignee_email: `${'x'.repeat(2500)}${i}@example.com`, delivered: i % 2 === 1 });
    return { id: `evt_${String(i).padStart(8, '0')}`, type: i % 9 === 8 ? 'invoice.created' : 'shipment.scanned', data: i === 5 ? data : cipher.seal('events', data), accepted_at: new Date(START + i * 1000) };
  });
  return {
    payloads: cipher,
    async query<R>(_sql: string, params?: unknown[]): Promise<R[]> {
      const limit = Number(params?.[2]);
      const after = params && params.length > 3 ? String(params[4]) : '';
      return rows.filter((r) => r.id > after).slice(0, limit) as R[];
    },
    exec: async () => undefined,
  };
}

const job: ExportJob = {
  integration: 'wh',
  enabled: true,
  spec: {
    dataContract: 'shipments',
    source: { events: ['shipment.**'], fields: { shipment_number: 'data.shipmentNumber', updated_at: 'acceptedAt' } },
    window: 'day',
    format: 'parquet',
    compression: 'zstd',
    rowsPerFile: 1200,
    destination: { directory: { path: 'unused' } },
  } as ExportJob['spec'],
  schedule: null,
  dataContract: { name: 'shipments', version: SHIPMENTS.version, spec: SHIPMENTS },
  retention: { days: 730, maxDaysBySensitivity: {} },
  hash: 'h',
};

async function run(encoderThreads: number) {
  const files = new Map<string, Uint8Array>();
  const destination: Destination = {
    location: 'memory',
    async put(key, body) {
      files.set(key, new Uint8Array(await new Response(body).arrayBuffer()));
    },
    putText: async () => undefined,
    getText: async () => null,
    remove: async () => undefined,
    close: async () => undefined,
  };
  const rejected: string[] = [];
  const result = await exportWindow(
    job,
    { start: new Date(START), end: new Date(START + 86_400_000) },
    { db: eventTable(), destination, recipients: null, runId: 'r', now: () => new Date(START), resumed: [], onPart: async () => undefined, onRejected: (id, field) => rejected.push(`${id}:${field}`), pageSize: 700, groupRows: 500, encoderThreads },
  );
  return { result, files, rejected };
}

const bufferOf = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;

describe('Parquet row groups encoded apart (worker threads from dist/: npm run build) and placed in order', () => {
  it('two encoder threads and this thread write the same rows, parts and rejections; every offset lands where hyparquet reads it', async () => {
    const threaded = await run(2);
    const inline = await run(0);
    const taken = Array.from({ length: N }, (_, i) => i).filter((i) => i % 9 !== 8 && i !== 10);
    expect(threaded.result.rows).toBe(taken.length);
    expect(threaded.result.parts.map((p) => p.rows)).toEqual([1200, 1200, taken.length - 2400]);
    expect(threaded.rejected).toEqual(['evt_00000010:shipment_number']);
    // A part ends with the last event read into it, rejected ones included: a resumed run reads on from there.
    expect(threaded.result.parts[0].last).toEqual({ id: `evt_${String(taken[1199]).padStart(8, '0')}`, acceptedAt: new Date(START + taken[1199] * 1000).toISOString() });
    expect([...threaded.files.keys()]).toEqual([...inline.files.keys()]);
    // Row group boundaries may differ (how many batches are in flight when a rejection shows), the rows may not.
    expect(await readBack(inline.files)).toEqual(await readBack(threaded.files));
    const rows = await readBack(threaded.files);
    expect(rows.map((r) => r.shipment_number)).toEqual(taken.map((i) => `SHP-${i}`));
    expect(rows[5]).toMatchObject({ shipment_number: 'SHP-5', weight_kg: 2.5, pieces: 2n, delivered: true, updated_at: new Date(START + 5000) });
    expect(rows[7]).toMatchObject({ shipment_number: 'SHP-7', pieces: null });
  });
});

/** Every row of the files; checks each column chunk's offsets (and its offset index, where it has pages) land inside it. */
async function readBack(files: Map<string, Uint8Array>) {
  const rows: Record<string, unknown>[] = [];
  let groups = 0;
  let paged = 0;
  for (const bytes of files.values()) {
    const file = bufferOf(bytes);
    const md = parquetMetadata(file);
    groups += md.row_groups.length;
    for (const chunk of md.row_groups.flatMap((g) => g.columns)) {
      const m = chunk.meta_data!;
      const start = Number(m.dictionary_page_offset ?? m.data_page_offset);
      expect(start).toBe(Number(chunk.file_offset));
      if (chunk.offset_index_offset === undefined) continue;
      paged++;
      const index = readOffsetIndex({ view: new DataView(file, Number(chunk.offset_index_offset), chunk.offset_index_length), offset: 0 });
      expect(Number(index.page_locations[0].offset)).toBe(Number(m.data_page_offset));
      const last = index.page_locations.at(-1)!;
      expect(Number(last.offset) + last.compressed_page_size).toBe(start + Number(m.total_compressed_size));
    }
    rows.push(...(await parquetReadObjects({ file, compressors })));
  }
  expect(groups).toBeGreaterThan(files.size);
  expect(paged).toBeGreaterThan(0);
  return rows;
}
