import { performance } from 'node:perf_hooks';
import { generateKey } from 'openpgp';
import { readRecipients } from '../src/runtime/exports/encrypt.js';
import { SHIPMENTS } from '../test/support/export-fixtures.js';
import type { ExportJob } from '../src/runtime/exports/jobs.js';
import { exportWindow } from '../src/runtime/exports/run-window.js';
import type { Destination } from '../src/runtime/exports/destination.js';
import type { Queryable } from '../src/runtime/store/database.js';

/**
 * One `npm run bench -- exports` measurement in its own process (so its peak RSS is its own): N shipment
 * events → a window export to zstd Parquet, PGP-encrypted to a test key, into a destination that counts the
 * bytes and drops them. Events come from an in-memory table that answers the export's keyset queries page by
 * page, so the figure is the export pipeline's (JSON parse, rows, Parquet, zstd, OpenPGP, SHA-256), not a store's.
 */
const rows = Number(process.argv[2] ?? 1_000_000);
const START = Date.UTC(2026, 0, 1);

function eventRow(i: number) {
  return {
    id: `evt_${String(i).padStart(8, '0')}`,
    type: i % 2 ? 'shipment.delivered' : 'shipment.scanned',
    // A template, not JSON.stringify: the stored text the export parses, at little cost to the measurement.
    data: `{"shipmentNumber":"SHP-2026-${String(i).padStart(7, '0')}","status":"${i % 2 ? 'delivered' : 'in-transit'}","weight_kg":${(i % 100) / 4},${i % 7 ? `"pieces":${i % 3},` : ''}"consignee_email":"c${i}@example.com","customs_id":"CUS${i}","delivered":${i % 2 === 1}}`,
    accepted_at: new Date(START + i), // as the drivers return timestamptz
  };
}

const table: Queryable = {
  async query<R>(_sql: string, params?: unknown[]): Promise<R[]> {
    const limit = Number(params?.[2]);
    const from = params && params.length > 3 ? Number(String(params[4]).slice(4)) + 1 : 0;
    const out = [];
    for (let i = from; i < Math.min(rows, from + limit); i++) out.push(eventRow(i));
    return out as R[];
  },
  exec: async () => undefined,
};

const job: ExportJob = {
  integration: 'bench',
  enabled: true,
  spec: {
    dataContract: 'shipments',
    source: { events: ['shipment.**'], fields: { shipment_number: 'data.shipmentNumber', updated_at: 'acceptedAt' } },
    window: 'day',
    format: 'parquet',
    compression: 'zstd',
    restricted: 'drop',
    encryption: { type: 'pgp', recipients: ['bench.asc'] },
    destination: { directory: { path: 'unused' } },
  } as ExportJob['spec'],
  schedule: null,
  dataContract: { name: 'shipments', version: SHIPMENTS.version, spec: SHIPMENTS },
  retention: { days: 730, maxDaysBySensitivity: {} },
  hash: 'bench',
};

let bytes = 0;
const destination: Destination = {
  location: 'memory',
  async put(_key, body) {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      bytes += value.byteLength;
    }
  },
  putText: async () => undefined,
  getText: async () => null,
  remove: async () => undefined,
  close: async () => undefined,
};

const { publicKey } = await generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'bench@example.com' }], format: 'armored' });
const keys = await readRecipients([{ name: 'bench.asc', armored: publicKey }]);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const result = await exportWindow(
  job,
  { start: new Date(START), end: new Date(START + 86_400_000) },
  { db: table, destination, recipients: { keys, fingerprints: ['bench'] }, runId: 'bench', now: () => new Date(), resumed: [], onPart: async () => undefined },
);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
if (result.rows !== rows) throw new Error(`exported ${result.rows} of ${rows} rows`);
console.log(JSON.stringify({ rows, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, bytes, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
