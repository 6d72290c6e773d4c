import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { generateKey } from 'openpgp';
import { readRecipients } from '../src/runtime/exports/encrypt.js';
import { SHIPMENTS } from '../test/support/export-fixtures.js';
import type { ExportJob } from '../src/runtime/exports/jobs.js';
import { exportWindow } from '../src/runtime/exports/run-window.js';
import type { Destination } from '../src/runtime/exports/destination.js';
import type { Queryable } from '../src/runtime/store/database.js';
import { envelopeCipher, keyEncryptionKey, sealedKeyId } from '../src/runtime/store/payload-cipher.js';
import { SealedBatchOpener } from '../src/runtime/store/sealed-batch.js';
import { EVENTS_SCOPE } from '../src/runtime/delivery/outbox-queries.js';

/**
 * One `npm run bench -- exports` measurement in its own process (so its peak RSS is its own):
 * `exports-child.js <rows> <encoder threads|default>`. N shipment events → a window export to zstd Parquet,
 * PGP-encrypted to a test key, into a destination that counts the bytes and drops them.
 *
 * Events come from an in-memory table that answers the export's keyset queries page by page, with payloads
 * sealed (AES-256-GCM, as the store keeps them) so the export unseals every row. Seeding is outside the
 * measured window: a pool of 65,536 distinct payloads (more than a row group, so no group repeats one) is
 * generated and sealed before the clock starts; inside it, the table only builds each page's row objects
 * (id, type, sealed payload, acceptance time: what a driver hands over), a cost measured on its own and
 * printed. The figure is the export pipeline's (unseal, JSON parse, rows, Parquet, zstd, OpenPGP, SHA-256).
 */
const rows = Number(process.argv[2] ?? 1_000_000);
const threadsArg = process.argv[3] ?? 'default';
const START = Date.UTC(2026, 0, 1);
const POOL = 1 << 16;

const cipher = envelopeCipher({ current: keyEncryptionKey(randomBytes(32)), previous: [] });
const pool: string[] = [];
for (let i = 0; i < POOL; i++) {
  const data = `{"shipmentNumber":"SHP-2026-${String(i).padStart(7, '0')}","status":"${i % 2 ? 'delivered' : 'in-transit'}","weight_kg":${(i % 100) / 4},${i % 7 ? `"pieces":${i % 3},` : ''}"consignee_email":"c${i}@example.com","customs_id":"CUS${i}","delivered":${i % 2 === 1}}`;
  pool.push(cipher.seal(EVENTS_SCOPE, data));
}

function page(from: number, limit: number) {
  const out = [];
  for (let i = from; i < Math.min(rows, from + limit); i++) {
    out.push({ id: `evt_${String(i).padStart(8, '0')}`, type: i % 2 ? 'shipment.delivered' : 'shipment.scanned', data: pool[i & (POOL - 1)], accepted_at: new Date(START + i) });
  }
  return out;
}

const table: Queryable = {
  payloads: cipher,
  async query<R>(_sql: string, params?: unknown[]): Promise<R[]> {
    const limit = Number(params?.[2]);
    const from = params && params.length > 3 ? Number(String(params[4]).slice(4)) + 1 : 0;
    return page(from, limit) as R[];
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

const cpuSeconds = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;
/** This (main) thread's CPU seconds, from /proc (Node 20 has no per-thread CPU clock); null off Linux. */
function mainThreadCpu(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return null;
  }
}

// Costs measured apart from the export: the table's row building, and unsealing (which the export does).
let c0 = process.cpuUsage();
for (let i = 0; i < rows; i += 5000) page(i, 5000);
const tableCpu = cpuSeconds(process.cpuUsage(c0));
// Unsealing as the encoder threads do it: a batch's payload bytes, opened in order with the batch's data key.
const packed = Buffer.from(pool.join(''), 'latin1');
let end = 0;
const ends = Uint32Array.from(pool, (p) => (end += p.length));
const dataKeys = new Map([[sealedKeyId(pool[0]), cipher.dataKey(pool[0])]]);
const opener = new SealedBatchOpener();
// A first pass warms the opener up (the threads open a million rows, so they run it compiled); the second is measured.
let unsealCpuPerRow = 0;
for (let pass = 0; pass < 2; pass++) {
  c0 = process.cpuUsage();
  opener.open(packed, ends, dataKeys);
  for (let i = 0; i < POOL; i++) opener.payload(i);
  unsealCpuPerRow = cpuSeconds(process.cpuUsage(c0)) / POOL;
}

const { publicKey } = await generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'bench@example.com' }], format: 'armored' });
const keys = await readRecipients([{ name: 'bench.asc', armored: publicKey }]);
const load0 = loadavg()[0];
const cpu0 = process.cpuUsage();
const main0 = mainThreadCpu();
const t0 = performance.now();
const result = await exportWindow(
  job,
  { start: new Date(START), end: new Date(START + 86_400_000) },
  {
    db: table,
    destination,
    recipients: { keys, fingerprints: ['bench'] },
    runId: 'bench',
    now: () => new Date(),
    resumed: [],
    onPart: async () => undefined,
    ...(threadsArg === 'default' ? {} : { encoderThreads: Number(threadsArg) }),
  },
);
const seconds = (performance.now() - t0) / 1000;
const cpu = cpuSeconds(process.cpuUsage(cpu0));
const main1 = mainThreadCpu();
if (result.rows !== rows) throw new Error(`exported ${result.rows} of ${rows} rows`);
console.log(
  JSON.stringify({
    rows,
    seconds,
    cpuSeconds: cpu,
    mainThreadCpuSeconds: main0 === null || main1 === null ? null : main1 - main0,
    tableCpuSeconds: tableCpu,
    unsealCpuSeconds: unsealCpuPerRow * rows,
    bytes,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    load: [load0, loadavg()[0]],
  }),
);
