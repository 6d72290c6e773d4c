import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeClient } from '../../runtime-client/client.js';
import { startRuntime, type RunningRuntime } from '../../runtime/start.js';
import { createChange } from '../../../test/support/resource-specs.js';
import { freshLocation, type TestLocation } from '../../../test/support/stores.js';
import type { CliIO } from '../io.js';
import { run } from '../main.js';

async function cli(argv: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env, cwd };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

describe('interlock audit verify: where the log is read', () => {
  let location: TestLocation;
  let rt: RunningRuntime;
  let auditor: string;
  let dir: string;
  beforeAll(async () => {
    location = await freshLocation('embedded');
    rt = await startRuntime({ ...location.location, port: 0 });
    auditor = (await rt.store.createToken('auditor', new Date())).token;
    const operator = new RuntimeClient({ url: rt.url, token: (await rt.store.createToken('operator', new Date())).token });
    await operator.apply({ expectedRevision: 0, changes: [createChange('Vendor', 'v0')] });
    dir = mkdtempSync(path.join(tmpdir(), 'interlock-audit-source-'));
  });
  afterAll(async () => {
    await rt?.close();
    await location?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('without --runtime, reads through the runtime INTERLOCK_RUNTIME_URL names', async () => {
    const r = await cli(['audit', 'verify', '--format', 'json'], dir, { INTERLOCK_RUNTIME_URL: rt.url, INTERLOCK_TOKEN: auditor });
    expect(r.code, r.stderr).toBe(0);
    const verdict = JSON.parse(r.stdout) as { ok: boolean; source: string; entries: number };
    expect(verdict).toMatchObject({ ok: true, source: rt.url });
    expect(verdict.entries).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('with nothing to read, says so (exit 2) and creates no store in the current directory', async () => {
    const r = await cli(['audit', 'verify'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`no runtime store at ${path.join(dir, '.interlock', 'runtime')}`);
    expect(existsSync(path.join(dir, '.interlock'))).toBe(false);
    const named = await cli(['audit', 'verify', '--data', 'missing-store'], dir);
    expect(named.code).toBe(2);
    expect(existsSync(path.join(dir, 'missing-store'))).toBe(false);
  });
});
