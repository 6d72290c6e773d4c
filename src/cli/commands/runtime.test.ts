import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../runtime/package-files.js';
import { freshLocation } from '../../../test/support/stores.js';

describe('interlock runtime start', () => {
  it('serves until SIGTERM, then shuts down cleanly with exit 0', async () => {
    const bin = path.join(packageRoot(), 'bin', 'interlock.js');
    expect(existsSync(path.join(packageRoot(), 'dist', 'src', 'cli', 'main.js')), 'run npm run build first').toBe(true);
    const location = await freshLocation('embedded');
    const dataDir = 'dataDir' in location.location ? location.location.dataDir : '';
    const child = spawn(process.execPath, [bin, 'runtime', 'start', '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const lines = createInterface({ input: child.stdout! });
      const first = await new Promise<string>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
        lines.once('line', resolve);
      });
      const url = /listening on (http:\/\/\S+) \(embedded store/.exec(first)?.[1];
      expect(url, first).toBeDefined();
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      expect((await fetch(`${url}/v1/state`)).status).toBe(401);
      const rest: string[] = [];
      lines.on('line', (l) => rest.push(l));
      const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      expect(rest).toContain('interlock runtime: SIGTERM, shutting down');
      expect(existsSync(path.join(dataDir, 'pg.lock'))).toBe(false);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await location.dispose();
    }
  });

  it('refuses PostgreSQL without a key-encryption key (payloads would be stored in clear): exit 2, naming --kek', async () => {
    const bin = path.join(packageRoot(), 'bin', 'interlock.js');
    const env = { ...process.env };
    delete env.INTERLOCK_RUNTIME_KEK;
    const child = spawn(process.execPath, [bin, 'runtime', 'start', '--port', '0', '--database-url', 'postgresql://postgres@127.0.0.1:5432/test'], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('--kek');
    expect(stderr).not.toContain('    at ');
  });
});
