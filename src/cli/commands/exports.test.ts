import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyExport } from '../../../test/support/export-fixtures.js';
import type { ExportManifest } from '../../runtime/exports/manifest.js';
import { startTestRuntime, type TestRuntime } from '../../../test/support/test-runtime.js';
import { runtimeCli } from '../../../test/support/runtime-cli.js';

describe('interlock exports list / run / history against a runtime exporting NDJSON to a folder', () => {
  let t: TestRuntime;
  let out: string;
  const now = Date.now();
  const window = `${new Date(now - 3_600_000).toISOString()}/${new Date(now + 3_600_000).toISOString()}`;

  beforeAll(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'interlock-exports-cli-'));
    t = await startTestRuntime('embedded', { exports: { retryDelaysMs: [], baseDir: out } });
    await applyExport(t.runtime.store, {
      dataContract: 'shipments',
      source: { events: ['shipment.*'], fields: { shipment_number: 'data.number', updated_at: 'acceptedAt' } },
      format: 'ndjson',
      compression: 'none',
      destination: { directory: { path: 'landing' } },
    });
  });
  afterAll(async () => {
    await t?.dispose();
    rmSync(out, { recursive: true, force: true });
  });

  const cli = runtimeCli(() => t);

  it('runs a window of events accepted through the API and shows it in list and history', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await t.fetch('/v1/events', { method: 'POST', role: 'operator', body: JSON.stringify({ type: 'shipment.created', data: { number: `SHP-${i}`, status: 'created', weight_kg: i + 0.5 } }) });
      expect(res.status).toBe(202);
    }
    // A required field missing: rejected, counted, not written.
    await t.fetch('/v1/events', { method: 'POST', role: 'operator', body: JSON.stringify({ type: 'shipment.created', data: { number: 'SHP-X' } }) });

    const listed = await cli('exports', 'list', '--format', 'json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.out)).toMatchObject({ exports: [{ integration: 'warehouse-nightly', dataContract: 'shipments', format: 'ndjson', destination: 'dir:landing', lastRun: null }] });

    const ran = await cli('exports', 'run', 'warehouse-nightly', '--window', window, '--format', 'json');
    expect(ran.code).toBe(0);
    const runView = JSON.parse(ran.out) as { id: string; status: string; rows: number; rejected: number; files: { key: string }[] };
    expect(runView).toMatchObject({ status: 'succeeded', rows: 3, rejected: 1 });
    const dir = path.join(out, 'landing', 'warehouse-nightly');
    const [windowDir] = readdirSync(dir);
    const manifest = JSON.parse(readFileSync(path.join(dir, windowDir, 'manifest.json'), 'utf8')) as ExportManifest;
    expect(manifest.runId).toBe(runView.id);
    const lines = readFileSync(path.join(dir, windowDir, manifest.files[0].name), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.shipment_number, l.weight_kg])).toEqual([
      ['SHP-0', 0.5],
      ['SHP-1', 1.5],
      ['SHP-2', 2.5],
    ]);
    expect(typeof lines[0].updated_at).toBe('string');

    const history = await cli('exports', 'history', '--integration', 'warehouse-nightly');
    expect(history.code).toBe(0);
    expect(history.out).toContain(`${runView.id}  warehouse-nightly`);
    expect(history.out).toContain('succeeded  3 rows  1 files');
  });

  it('refuses a malformed window (exit 2) and reports an unknown integration as the runtime refusing it', async () => {
    const bad = await cli('exports', 'run', 'warehouse-nightly', '--window', 'yesterday');
    expect(bad.code).toBe(2);
    const unknown = await cli('exports', 'run', 'no-such-export', '--window', '2026-12-03');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('404 not-found');
    expect(unknown.err).not.toContain('    at ');
  });
});
