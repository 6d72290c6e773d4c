import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { decrypt, generateKey, readMessage, readPrivateKey } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeClient } from '../src/runtime-client/client.js';
import type { ClassificationMetadata, ExportManifest } from '../src/runtime/exports/manifest.js';
import { packageRoot } from '../src/runtime/package-files.js';
import { startSandbox, type RunningSandbox } from '../src/sandbox/index.js';

const INTEGRATION = 'snowflake-nightly-shipments';
const BUCKET = 'northwind-eu-warehouse-landing';
const DIR = `LOGISTICS/LANDING/SHIPMENTS_STAGE/nightly/${INTEGRATION}/20260302T000000Z-20260303T000000Z`;

/**
 * The done-when of the exports issue, in the sandbox: the example workspace (copied, with the Snowflake stage
 * loader's public key swapped for a test key whose private half this test holds) runs with its S3 export on
 * the sandbox's S3 fake; a day of shipment events is exported as zstd Parquet, PGP-encrypted, and read back
 * with openpgp.js and hyparquet (not the writer's library); running the window again replaces its files.
 */
describe('sandbox: the Snowflake example exports a window to the S3 fake', () => {
  let workspace: string;
  let sandbox: RunningSandbox;
  let privateKey: string;
  let now = new Date('2026-03-02T08:00:00Z');

  beforeAll(async () => {
    console.info('S3: the sandbox S3-compatible fake on loopback (no S3 server runs here)');
    workspace = mkdtempSync(path.join(tmpdir(), 'interlock-sbx-export-'));
    for (const entry of ['interlock.yaml', 'integrations', 'contracts', 'policies', 'generated']) cpSync(path.join(packageRoot(), entry), path.join(workspace, entry), { recursive: true });
    const key = await generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ email: 'stage-loader@test.example' }], format: 'armored' });
    privateKey = key.privateKey;
    writeFileSync(path.join(workspace, 'integrations/snowflake/keys/snowflake-stage-loader.asc'), key.publicKey);
    const started = await startSandbox({ workspace, tempRoot: tmpdir(), clock: () => now });
    if (!started.sandbox) throw new Error(`sandbox refused: ${JSON.stringify(started.diagnostics)}`);
    sandbox = started.sandbox;
  }, 120_000);
  afterAll(async () => {
    await sandbox?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  const shipment = (i: number) => ({
    shipmentNumber: `SHP-2026-${String(i).padStart(6, '0')}`,
    customer_number: `C${1000 + i}`,
    service_level: 'express',
    status: i % 2 ? 'delivered' : 'in-transit',
    origin_hub: 'NLRTM',
    destination_hub: 'DEHAM',
    weight_kg: i / 4,
    consignee_name: `Consignee ${i}`,
    consignee_email: `c${i}@example.com`,
    delivery_address_line1: `Speicherstadt ${i}`,
    delivery_postal_code: '20095',
    delivery_city: 'Hamburg',
    delivery_country: 'DE',
    created_at: '2026-03-01T12:00:00Z',
  });

  async function readBack(): Promise<{ manifest: ExportManifest; rows: Record<string, unknown>[]; meta: ClassificationMetadata }> {
    const manifest = JSON.parse(sandbox.s3!.objects.get(`${BUCKET}/${DIR}/manifest.json`)!.toString('utf8')) as ExportManifest;
    const rows: Record<string, unknown>[] = [];
    let meta: ClassificationMetadata | null = null;
    for (const f of manifest.files) {
      const stored = sandbox.s3!.objects.get(`${BUCKET}/${DIR}/${f.name}`)!;
      const message = await readMessage({ binaryMessage: stored });
      const { data } = await decrypt({ message, decryptionKeys: await readPrivateKey({ armoredKey: privateKey }), format: 'binary' });
      const plain = data as Uint8Array;
      const file = plain.buffer.slice(plain.byteOffset, plain.byteOffset + plain.byteLength) as ArrayBuffer;
      const md = parquetMetadata(file);
      expect(new Set(md.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec)))).toEqual(new Set(['ZSTD']));
      const kv = Object.fromEntries((md.key_value_metadata ?? []).map((e) => [e.key, e.value]));
      meta = JSON.parse(kv['interlock.classification']!) as ClassificationMetadata;
      rows.push(...(await parquetReadObjects({ file, compressors })));
    }
    return { manifest, rows, meta: meta! };
  }

  it('round-trips every row with its classification tags, and a re-run of the window replaces, not duplicates', async () => {
    const client = new RuntimeClient({ url: sandbox.runtime.url, token: sandbox.runtime.token });
    expect(sandbox.integrations.find((i) => i.name === INTEGRATION)?.exportS3).toBe(`s3://${BUCKET}/LOGISTICS/LANDING/SHIPMENTS_STAGE/nightly/`);
    const types = ['shipment.created', 'shipment.updated', 'shipment.delivered', 'shipment.scanned'];
    const sent: string[] = [];
    for (let i = 0; i < 24; i++) {
      now = new Date(Date.parse('2026-03-02T08:00:00Z') + i * 60_000);
      const { eventId } = await client.sendEvent({ type: types[i % 4], data: shipment(i) });
      if (types[i % 4] !== 'shipment.scanned') sent.push(eventId);
    }
    now = new Date('2026-03-03T02:00:00Z');
    const first = await client.runExport(INTEGRATION, { window: '2026-03-02' });
    expect(first.status).toBe('succeeded');
    const a = await readBack();
    expect(a.rows.map((r) => r.shipment_number)).toEqual(sent.map((_, k) => shipment([...Array(24).keys()].filter((i) => i % 4 !== 3)[k]).shipmentNumber));
    expect(a.rows[0]).toMatchObject({ customer_number: 'C1000', status: 'in-transit', weight_kg: 0, delivery_city: 'Hamburg' });
    expect(a.manifest.rows).toBe(sent.length);
    expect(a.meta.fields.consignee_email).toMatchObject({ sensitivity: 'confidential', pii: 'contact' });
    expect(Object.keys(a.meta.fields)).toContain('shipment_number');

    // One more event of the window (accepted late), then the window again: its files are replaced.
    now = new Date('2026-03-02T23:59:00Z');
    await client.sendEvent({ type: 'shipment.updated', data: shipment(99) });
    now = new Date('2026-03-03T03:00:00Z');
    const objectsBefore = [...sandbox.s3!.objects.keys()].filter((k) => k.startsWith(`${BUCKET}/${DIR}/`)).sort();
    const second = await client.runExport(INTEGRATION, { window: '2026-03-02' });
    expect(second.status).toBe('succeeded');
    const b = await readBack();
    expect(b.rows).toHaveLength(sent.length + 1);
    expect(new Set(b.rows.map((r) => r.shipment_number)).size).toBe(sent.length + 1);
    expect([...sandbox.s3!.objects.keys()].filter((k) => k.startsWith(`${BUCKET}/${DIR}/`)).sort()).toEqual(objectsBefore);
  }, 180_000);
});
