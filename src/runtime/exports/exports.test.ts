import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { decrypt, generateKey, readMessage, readPrivateKey } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Fake, type S3Fake } from '../../../test/support/s3-fake.js';
import { freshStore } from '../../../test/support/stores.js';
import type { Store } from '../store/store.js';
import { applyExport, insertEvents, shipmentEvents } from '../../../test/support/export-fixtures.js';
import type { ClassificationMetadata, ExportManifest } from './manifest.js';
import { exportJobKind } from './job-kind.js';
import { withTenant } from '../store/tenant-scope.js';
import { exportService } from './service.js';
import { parseWindow } from './window.js';

const WINDOW = parseWindow('2026-12-03')!;
const START = WINDOW.start;

async function decryptWith(privateArmored: string, bytes: Uint8Array): Promise<Uint8Array> {
  const message = await readMessage({ binaryMessage: bytes });
  const { data } = await decrypt({ message, decryptionKeys: await readPrivateKey({ armoredKey: privateArmored }), format: 'binary' });
  return data as Uint8Array;
}

function toArrayBuffer(u: Uint8Array): ArrayBuffer {
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
}

describe('exports to S3 (a loopback S3-compatible fake, AWS SDK v3), PGP-encrypted zstd Parquet read back with hyparquet', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let s3: S3Fake;
  let workspace: string;
  let privateKey: string;
  let sdk: S3Client;
  const events = shipmentEvents(1200, START);
  // One event past the window and one before it: never exported.
  const outside = [
    { ...shipmentEvents(1, new Date(WINDOW.end.getTime()), 0)[0], id: 'evt_after' },
    { ...shipmentEvents(1, new Date(START.getTime() - 1000), 0)[0], id: 'evt_before' },
  ];

  beforeAll(async () => {
    console.info('S3: a loopback S3-compatible fake (test/support/s3-fake.ts); no S3 server runs here');
    ({ store, dispose } = await freshStore('embedded'));
    s3 = await startS3Fake();
    sdk = new S3Client({ region: 'eu-central-1', endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    workspace = mkdtempSync(path.join(tmpdir(), 'interlock-exports-ws-'));
    const key = await generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'loader@warehouse.example' }], format: 'armored' });
    privateKey = key.privateKey;
    writeFileSync(path.join(workspace, 'loader.asc'), key.publicKey);
    await insertEvents(store.db, [...events, ...outside]);
  });
  afterAll(async () => {
    sdk?.destroy();
    await s3?.close();
    await dispose?.();
    rmSync(workspace, { recursive: true, force: true });
  });

  const spec = (over: Record<string, unknown> = {}) => ({
    dataContract: 'shipments',
    source: { events: ['shipment.**'], fields: { shipment_number: 'data.shipmentNumber', updated_at: 'acceptedAt' } },
    format: 'parquet',
    compression: 'zstd',
    rowsPerFile: 1000,
    encryption: { type: 'pgp', recipients: ['loader.asc'] },
    destination: { s3: { bucket: 'stage-bucket', prefix: 'landing/', region: 'eu-central-1', endpoint: s3.endpoint, credentials: { accessKeyId: 'env:S3_KEY', secretAccessKey: 'env:S3_SECRET' } } },
    ...over,
  });
  const service = (extra: Partial<Parameters<typeof exportService>[0]> = {}) =>
    exportService({ store, secrets: (ref: string) => ({ 'env:S3_KEY': 'test', 'env:S3_SECRET': 'test' })[ref as 'env:S3_KEY'], workspaceDir: workspace, groupRows: 300, pageSize: 250, sleep: async () => undefined, ...extra });

  async function object(key: string): Promise<Uint8Array> {
    const out = await sdk.send(new GetObjectCommand({ Bucket: 'stage-bucket', Key: key }));
    return out.Body!.transformToByteArray();
  }

  async function readAll(manifest: ExportManifest, dir: string) {
    const rows: Record<string, unknown>[] = [];
    let meta: ClassificationMetadata | null = null;
    for (const f of manifest.files) {
      const stored = await object(`${dir}/${f.name}`);
      expect(createHash('sha256').update(stored).digest('hex')).toBe(f.sha256);
      expect(stored.byteLength).toBe(f.bytes);
      const plain = toArrayBuffer(await decryptWith(privateKey, stored));
      const md = parquetMetadata(plain);
      expect(new Set(md.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec)))).toEqual(new Set(['ZSTD']));
      const kv = Object.fromEntries((md.key_value_metadata ?? []).map((e) => [e.key, e.value]));
      meta = JSON.parse(kv['interlock.classification']!) as ClassificationMetadata;
      expect(kv['interlock.data_contract']).toBe('shipments@2.3.0');
      const fileRows = await parquetReadObjects({ file: plain, compressors });
      expect(fileRows.length).toBe(f.rows);
      rows.push(...fileRows);
    }
    return { rows, meta: meta!, schema: (await parquetMetadata(toArrayBuffer(await decryptWith(privateKey, await object(`${dir}/${manifest.files[0].name}`))))).schema };
  }

  const dir = 'warehouse-nightly/20261203T000000Z-20261204T000000Z';
  const expected = events.filter((e) => e.type.startsWith('shipment.'));

  it('round-trips every row of the window with types, classification and retention; the manifest hashes match', async () => {
    await applyExport(store, spec());
    const run = await service().run('warehouse-nightly', WINDOW, 'api');
    expect(run.status).toBe('succeeded');
    expect(run.rows).toBe(expected.length);
    expect(run.files.map((f) => f.key)).toEqual([`${dir}/part-00000.parquet.pgp`]);

    const manifest = JSON.parse(Buffer.from(await object(`landing/${dir}/manifest.json`)).toString('utf8')) as ExportManifest;
    expect(manifest.rows).toBe(expected.length);
    expect(manifest.encryption?.recipients).toHaveLength(1);
    expect(manifest.classification.fields.consignee_email).toMatchObject({ sensitivity: 'confidential', pii: 'contact', retentionDays: 365 });
    expect(manifest.classification.fields.status.retentionDays).toBe(730);
    expect(manifest.classification.dropped).toEqual([{ name: 'customs_id', sensitivity: 'restricted', pii: 'identifier' }]);

    const { rows, meta, schema } = await readAll(manifest, `landing/${dir}`);
    expect(meta).toEqual(manifest.classification);
    expect(schema.map((s) => s.name)).toEqual(['interlock_export', 'shipment_number', 'status', 'weight_kg', 'pieces', 'consignee_email', 'delivered', 'updated_at']);
    expect(schema.find((s) => s.name === 'updated_at')?.logical_type).toMatchObject({ type: 'TIMESTAMP', unit: 'MILLIS', isAdjustedToUTC: true });
    expect(schema.find((s) => s.name === 'pieces')?.type).toBe('INT64');
    expect(rows.map((r) => r.shipment_number)).toEqual(expected.map((e) => e.data.shipmentNumber));
    const k = 7; // an event without `pieces`
    const e7 = expected.find((e) => e.id === `evt_${String(k).padStart(8, '0')}`)!;
    const r7 = rows.find((r) => r.shipment_number === e7.data.shipmentNumber)!;
    expect(r7).toEqual({
      shipment_number: e7.data.shipmentNumber,
      status: 'delivered',
      weight_kg: e7.data.weight_kg,
      pieces: null,
      consignee_email: e7.data.consignee_email,
      delivered: true,
      updated_at: new Date(e7.acceptedAt),
    });
    const r1 = rows[1];
    expect(r1.pieces).toBe(BigInt(expected[1].data.pieces!));
    expect(rows.some((r) => 'customs_id' in r)).toBe(false);
  });

  it('re-running the window replaces its files (split into parts), never duplicating rows', async () => {
    await applyExport(store, spec({ rowsPerFile: 400 }));
    const before = s3.objects.size;
    const run = await service().run('warehouse-nightly', WINDOW, 'api');
    expect(run.status).toBe('succeeded');
    expect(run.files.map((f) => f.rows)).toEqual([400, 400, expected.length - 800]);
    const again = await service().run('warehouse-nightly', WINDOW, 'api');
    expect(again.status).toBe('succeeded');
    const keys = [...s3.objects.keys()].filter((k) => k.startsWith(`stage-bucket/landing/${dir}/`)).sort();
    expect(keys).toEqual([0, 1, 2].map((i) => `stage-bucket/landing/${dir}/part-0000${i}.parquet.pgp`).concat(`stage-bucket/landing/${dir}/manifest.json`).sort());
    expect(s3.objects.size).toBe(before + 2);
    const manifest = JSON.parse(Buffer.from(await object(`landing/${dir}/manifest.json`)).toString('utf8')) as ExportManifest;
    expect(manifest.runId).toBe(again.id);
    const { rows } = await readAll(manifest, `landing/${dir}`);
    expect(rows.length).toBe(expected.length);
    expect(new Set(rows.map((r) => r.shipment_number)).size).toBe(expected.length);

    // Back to one file: the parts the new run no longer lists are removed.
    await applyExport(store, spec());
    await service().run('warehouse-nightly', WINDOW, 'api');
    expect([...s3.objects.keys()].filter((k) => k.startsWith(`stage-bucket/landing/${dir}/`)).sort()).toEqual([`stage-bucket/landing/${dir}/manifest.json`, `stage-bucket/landing/${dir}/part-00000.parquet.pgp`]);
  });

  it('masks restricted fields with a digest under `restricted: mask`', async () => {
    await applyExport(store, spec({ restricted: 'mask' }));
    const run = await service().run('warehouse-nightly', WINDOW, 'api');
    const manifest = JSON.parse(Buffer.from(await object(`landing/${dir}/manifest.json`)).toString('utf8')) as ExportManifest;
    expect(run.status).toBe('succeeded');
    expect(manifest.classification.fields.customs_id).toMatchObject({ sensitivity: 'restricted', masked: true, type: 'string', retentionDays: 30 });
    const { rows } = await readAll(manifest, `landing/${dir}`);
    expect(rows[0].customs_id).toBe(`sha256:${createHash('sha256').update(expected[0].data.customs_id!).digest('hex')}`);
  });

  it('an unreachable destination fails the run, retries it with the configured delays, and shows every attempt in history', async () => {
    const dead = await startS3Fake();
    await dead.close(); // a port nothing listens on
    await applyExport(store, spec({ destination: { s3: { bucket: 'stage-bucket', region: 'eu-central-1', endpoint: dead.endpoint, credentials: { accessKeyId: 'env:S3_KEY', secretAccessKey: 'env:S3_SECRET' } } } }), 'unreachable-export');
    const waited: number[] = [];
    const run = await service({ retryDelaysMs: [1000, 5000], sleep: async (ms) => void waited.push(ms) }).run('unreachable-export', WINDOW, 'api');
    expect(run.status).toBe('failed');
    expect(run.attempt).toBe(3);
    expect(waited).toEqual([1000, 5000]);
    const history = await service().history({ integration: 'unreachable-export' });
    expect(history.map((h) => [h.attempt, h.status])).toEqual([
      [3, 'failed'],
      [2, 'failed'],
      [1, 'failed'],
    ]);
    expect(history[0].error).toMatch(/ECONNREFUSED|connect/i);
  });

  it('a recipient key missing from the workspace fails the run with the key named', async () => {
    await applyExport(store, spec({ encryption: { type: 'pgp', recipients: ['missing.asc'] } }), 'no-key-export');
    const run = await service({ retryDelaysMs: [] }).run('no-key-export', WINDOW, 'api');
    expect(run.status).toBe('failed');
    expect(run.error).toBe('recipient key missing.asc is not readable in the workspace');
  });

  it('as the scheduler\'s `export` job kind, a tick exports the day before it', async () => {
    await applyExport(store, spec({ schedule: '30 1 * * *' }));
    const kind = exportJobKind(service(), store.db);
    const state = await store.state();
    const jobs = kind.jobs(state.resources.filter((r) => r.kind === 'Integration').map((r) => ({ name: r.name, spec: r.spec })));
    expect(jobs.map((j) => [j.id, j.kind, j.integration])).toContainEqual(['export:warehouse-nightly', 'export', 'warehouse-nightly']);
    const job = jobs.find((j) => j.id === 'export:warehouse-nightly')!;
    const result = await kind.run({ job, runId: 'run-1', scheduledFor: new Date('2026-12-04T01:30:00Z'), trigger: 'schedule', signal: new AbortController().signal });
    expect(result).toEqual({ items: expected.length });
    const [last] = await service().history({ integration: 'warehouse-nightly', limit: 1 });
    expect(last).toMatchObject({ trigger: 'schedule', status: 'succeeded', window: { start: '2026-12-03T00:00:00.000Z', end: '2026-12-04T00:00:00.000Z' } });
  });

  it('as a scheduled job, exports each tenant that applied the integration its own events only, in its own run', async () => {
    // tenant-b applies an export of the same name (its own prefix) and holds 10 events of its own, 8 of them shipments.
    await withTenant('tenant-b', async () => {
      await applyExport(store, spec({ schedule: '30 1 * * *', destination: { directory: { path: path.join(workspace, 'tenant-b-out') } } }));
      await insertEvents(store.db, shipmentEvents(10, START).map((e) => ({ ...e, id: `b_${e.id}` })));
    });
    const kind = exportJobKind(service(), store.db);
    const job = { id: 'export:warehouse-nightly', kind: 'export', integration: 'warehouse-nightly', schedule: { cron: '30 1 * * *', timezone: 'UTC', catchUp: 'latest' as const } };
    const result = await kind.run({ job, runId: 'run-2', scheduledFor: new Date('2026-12-04T01:30:00Z'), trigger: 'schedule', signal: new AbortController().signal });
    expect(result).toEqual({ items: expected.length + 8 });
    const [mine] = await withTenant('default', () => service().history({ integration: 'warehouse-nightly', limit: 1 }));
    expect(mine.rows).toBe(expected.length);
    const [theirs] = await withTenant('tenant-b', () => service().history({ integration: 'warehouse-nightly', limit: 1 }));
    expect([theirs.rows, theirs.status]).toEqual([8, 'succeeded']);
  });
});
