import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeClient } from '../../runtime-client/client.js';
import { startRuntime } from '../../runtime/start.js';
import { openStore, type Store } from '../../runtime/store/store.js';
import { createChange } from '../../../test/support/resource-specs.js';
import { ENGINES, freshLocation, type TestLocation } from '../../../test/support/stores.js';
import type { CliIO } from '../io.js';
import { run } from '../main.js';

async function cli(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env, cwd: process.cwd() };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

const storeFlags = (l: TestLocation) => ('dataDir' in l.location ? ['--data', l.location.dataDir] : ['--database-url', l.location.databaseUrl]);

describe.each(ENGINES)('interlock audit verify on %s', (engine) => {
  let location: TestLocation;
  beforeAll(async () => {
    location = await freshLocation(engine);
    // Real traffic through a runtime: tokens, applies, a refused call.
    const rt = await startRuntime({ ...location.location, port: 0 });
    const op = new RuntimeClient({ url: rt.url, token: (await rt.store.createToken('operator', new Date())).token });
    for (let r = 0; r < 4; r++) await op.apply({ expectedRevision: r, changes: [createChange('Vendor', `v${r}`)] });
    await op.audit().catch(() => undefined); // 403, audited too
    const auditor = (await rt.store.createToken('auditor', new Date())).token;
    const viaApi = await cli(['audit', 'verify', '--runtime', rt.url, '--format', 'json'], { INTERLOCK_TOKEN: auditor });
    expect(viaApi.code).toBe(0);
    expect(JSON.parse(viaApi.stdout)).toMatchObject({ ok: true, entries: 5 });
    // The log now also holds that listAudit call: 6 entries.
    await rt.close();
  });
  afterAll(async () => location?.dispose());

  /** Tampers with the log directly in the database, runs the command, then undoes the tampering. */
  async function tampered(sql: string[], undo: string[]): Promise<{ code: number; stdout: string }> {
    let store: Store = await openStore(location.location);
    for (const s of sql) await store.db.query(s);
    await store.close();
    const result = await cli(['audit', 'verify', ...storeFlags(location), '--format', 'json']);
    store = await openStore(location.location);
    for (const s of undo) await store.db.query(s);
    await store.close();
    return result;
  }

  it('passes an intact log', async () => {
    const { code, stdout } = await cli(['audit', 'verify', ...storeFlags(location)]);
    expect(stdout).toMatch(/^audit log verified: 6 entries/);
    expect(code).toBe(0);
  });

  it('detects a changed entry', async () => {
    const r = await tampered(
      [`UPDATE audit_log SET actor = 'admin:forged' WHERE seq = 2`],
      [`UPDATE audit_log SET actor = (SELECT actor FROM audit_log WHERE seq = 1) WHERE seq = 2`],
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, firstBadSeq: 2, fault: 'hash-mismatch' });
  });

  it('detects a deleted entry', async () => {
    const r = await tampered(
      ['CREATE TABLE audit_saved AS SELECT * FROM audit_log WHERE seq = 3', 'DELETE FROM audit_log WHERE seq = 3'],
      ['INSERT INTO audit_log SELECT * FROM audit_saved', 'DROP TABLE audit_saved'],
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, firstBadSeq: 3, fault: 'sequence-gap' });
  });

  it('detects an inserted entry', async () => {
    const r = await tampered(
      [
        'UPDATE audit_log SET seq = seq + 100 WHERE seq >= 3',
        'UPDATE audit_log SET seq = seq - 99 WHERE seq >= 100',
        `INSERT INTO audit_log SELECT 3, at, actor, action, target, data, hash, hash FROM audit_log WHERE seq = 2`,
      ],
      ['DELETE FROM audit_log WHERE seq = 3', 'UPDATE audit_log SET seq = seq + 100 WHERE seq >= 4', 'UPDATE audit_log SET seq = seq - 101 WHERE seq >= 100'],
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, firstBadSeq: 3 });
    // Undone: intact again.
    expect((await cli(['audit', 'verify', ...storeFlags(location)])).code).toBe(0);
  });

  it('detects a truncated tail', async () => {
    const r = await tampered(
      ['CREATE TABLE audit_saved AS SELECT * FROM audit_log WHERE seq = 6', 'DELETE FROM audit_log WHERE seq = 6'],
      ['INSERT INTO audit_log SELECT * FROM audit_saved', 'DROP TABLE audit_saved'],
    );
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, firstBadSeq: 6, fault: 'head-mismatch' });
  });

  it('reports emptied audit tables as a finding, not an internal error', async () => {
    const save = ['CREATE TABLE audit_saved AS SELECT * FROM audit_log', 'CREATE TABLE head_saved AS SELECT * FROM audit_head'];
    const restore = ['INSERT INTO audit_log SELECT * FROM audit_saved', 'INSERT INTO audit_head SELECT * FROM head_saved', 'DROP TABLE audit_saved', 'DROP TABLE head_saved'];
    const both = await tampered([...save, 'DELETE FROM audit_log', 'DELETE FROM audit_head'], restore);
    expect(both.code).toBe(1);
    expect(JSON.parse(both.stdout)).toMatchObject({ ok: false, entries: 0, firstBadSeq: 1, fault: 'head-missing' });
    const log = await tampered([...save, 'DELETE FROM audit_log'], ['INSERT INTO audit_log SELECT * FROM audit_saved', 'DROP TABLE audit_saved', 'DROP TABLE head_saved']);
    expect(log.code).toBe(1);
    expect(JSON.parse(log.stdout)).toMatchObject({ ok: false, entries: 0, firstBadSeq: 1, fault: 'head-mismatch' });
    expect((await cli(['audit', 'verify', ...storeFlags(location)])).code).toBe(0);
  });
});

describe('interlock runtime token create', () => {
  it('creates a token that authenticates with its role, and refuses unknown roles', async () => {
    const location = await freshLocation('postgres');
    try {
      const flags = ['--database-url', 'databaseUrl' in location.location ? location.location.databaseUrl : ''];
      const bad = await cli(['runtime', 'token', 'create', '--role', 'superuser', ...flags]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/unknown role "superuser"/);
      const made = await cli(['runtime', 'token', 'create', '--role', 'auditor', ...flags, '--format', 'json']);
      expect(made.code).toBe(0);
      const { token, role } = JSON.parse(made.stdout) as { token: string; role: string };
      expect(role).toBe('auditor');
      const rt = await startRuntime({ ...location.location, port: 0 });
      try {
        const client = new RuntimeClient({ url: rt.url, token });
        expect((await client.getState()).revision).toBe(0);
        await expect(client.apply({ expectedRevision: 0, changes: [] })).rejects.toMatchObject({ status: 403 });
        const [row] = await rt.store.db.query<{ token_hash: string }>('SELECT token_hash FROM access_tokens');
        expect(row.token_hash).not.toContain(token);
        expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      } finally {
        await rt.close();
      }
    } finally {
      await location.dispose();
    }
  });
});
