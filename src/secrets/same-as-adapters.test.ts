import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultSecretResolver } from '../adapter-runtime/secrets.js';
import { SecretResolver } from './resolver.js';

const dir = mkdtempSync(path.join(tmpdir(), 'interlock-secret-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return `file:${p}`;
}

/** A reference must mean the same secret in the runtime and in a generated adapter (user code). */
describe('the runtime and the generated adapters read a secret the same way', () => {
  const files = {
    'editor newline': file('a', 's3cret\n'),
    'windows newline': file('b', 's3cret\r\n'),
    'blank lines and spaces': file('c', '  s3cret \n\n'),
  };
  for (const [label, ref] of Object.entries(files)) {
    it(`file: with ${label}`, async () => {
      const runtime = await new SecretResolver({ env: {} }).resolve(ref);
      const adapter = await defaultSecretResolver(ref);
      expect(runtime).toBe('s3cret');
      expect(adapter).toBe(runtime);
    });
  }

  it('env: with a trailing newline, and an empty variable is no secret for either', async () => {
    process.env.INTERLOCK_TEST_SECRET_NL = 'tok-1\n';
    process.env.INTERLOCK_TEST_SECRET_EMPTY = '';
    try {
      expect(await new SecretResolver({ env: process.env }).resolve('env:INTERLOCK_TEST_SECRET_NL')).toBe('tok-1');
      expect(await defaultSecretResolver('env:INTERLOCK_TEST_SECRET_NL')).toBe('tok-1');
      await expect(new SecretResolver({ env: process.env }).resolve('env:INTERLOCK_TEST_SECRET_EMPTY')).rejects.toThrow(/INTERLOCK_TEST_SECRET_EMPTY/);
      await expect(defaultSecretResolver('env:INTERLOCK_TEST_SECRET_EMPTY')).rejects.toThrow(/INTERLOCK_TEST_SECRET_EMPTY/);
    } finally {
      delete process.env.INTERLOCK_TEST_SECRET_NL;
      delete process.env.INTERLOCK_TEST_SECRET_EMPTY;
    }
  });

  it('an empty file is no secret for either', async () => {
    const ref = file('empty', '\n');
    await expect(new SecretResolver({ env: {} }).resolve(ref)).rejects.toThrow(/empty/);
    await expect(defaultSecretResolver(ref)).rejects.toThrow(/empty/);
  });
});
