import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRuntimeConfig } from '../config.js';
import { decodeKek, keyringFromRefs, localKeyring } from './keyring.js';
import { envelopeCipher, keyEncryptionKey, openSealed, PLAINTEXT, SEALED_PREFIX, sealedKeyId } from './payload-cipher.js';
import { rewrapJobKind } from './payload-rewrap.js';
import type { Database } from './database.js';

const kek = () => keyEncryptionKey(randomBytes(32));

describe('envelope cipher', () => {
  it('seals with a random IV under a data key per scope and opens it again; plaintext rows read as they are', () => {
    const c = envelopeCipher({ current: kek(), previous: [] });
    const a = c.seal('acme', '{"email":"a@example.com"}');
    const b = c.seal('acme', '{"email":"a@example.com"}');
    const other = c.seal('globex', '{"email":"a@example.com"}');
    expect(a.startsWith(SEALED_PREFIX)).toBe(true);
    expect(a).not.toBe(b); // random IV
    expect(a.split('.')[2]).toBe(b.split('.')[2]); // same data key within a scope…
    expect(other.split('.')[2]).not.toBe(a.split('.')[2]); // …another for another integration
    expect([c.open(a), c.open(other), c.open('{"legacy":true}')]).toEqual(['{"email":"a@example.com"}', '{"email":"a@example.com"}', '{"legacy":true}']);
  });

  it('hands out a sealed row\'s data key for bulk opening elsewhere (an export\'s encoder threads), which opens only that key\'s rows', () => {
    const k = kek();
    const c = envelopeCipher({ current: k, previous: [] });
    const a = c.seal('events', '{"n":1}');
    const other = c.seal('acme', '{"n":2}');
    expect(sealedKeyId(a)).toBe(`${k.id}.${a.split('.')[2]}`);
    expect(sealedKeyId(other)).not.toBe(sealedKeyId(a));
    expect(openSealed(a, c.dataKey(a))).toBe('{"n":1}');
    expect(openSealed('{"legacy":true}', c.dataKey(a))).toBe('{"legacy":true}');
    expect(() => openSealed(other, c.dataKey(a))).toThrow();
    expect(() => PLAINTEXT.dataKey(a)).toThrow(/without a key-encryption key/);
  });

  it('refuses a tampered ciphertext, a swapped data key and an unknown KEK', () => {
    const k = kek();
    const c = envelopeCipher({ current: k, previous: [] });
    const sealed = c.seal('acme', 'hello world');
    const parts = sealed.split('.');
    const ct = Buffer.from(parts[6], 'base64url');
    ct[0] ^= 1;
    expect(() => c.open([...parts.slice(0, 6), ct.toString('base64url')].join('.'))).toThrow();
    const foreign = c.seal('globex', 'x').split('.');
    expect(() => c.open([...foreign.slice(0, 4), ...parts.slice(4)].join('.'))).toThrow(); // AAD binds the data key id
    expect(() => envelopeCipher({ current: kek(), previous: [] }).open(sealed)).toThrow(new RegExp(k.id));
    expect(() => PLAINTEXT.open(sealed)).toThrow(/without a key-encryption key/);
  });

  it('re-wraps only the header: same IV, tag and ciphertext, readable with the new KEK alone', () => {
    const old = kek();
    const next = kek();
    const sealed = envelopeCipher({ current: old, previous: [] }).seal('acme', 'payload');
    const rotating = envelopeCipher({ current: next, previous: [old] });
    const moved = rotating.rewrap('acme', sealed)!;
    expect(moved.split('.').slice(4)).toEqual(sealed.split('.').slice(4));
    expect(moved.split('.')[1]).toBe(next.id);
    expect(rotating.rewrap('acme', moved)).toBeNull();
    expect(envelopeCipher({ current: next, previous: [] }).open(moved)).toBe('payload');
    expect(rotating.open(rotating.rewrap('acme', '{"legacy":1}')!)).toBe('{"legacy":1}'); // plaintext gets sealed
  });

  it('schedules keys:rewrap only while a retired KEK is held', () => {
    const db = (payloads: unknown) => ({ payloads }) as unknown as Database;
    expect(rewrapJobKind(db(envelopeCipher({ current: kek(), previous: [] }))).jobs([])).toEqual([]);
    expect(rewrapJobKind(db(envelopeCipher({ current: kek(), previous: [kek()] }))).jobs([]).map((j) => j.id)).toEqual(['keys:rewrap']);
  });
});

describe('key-encryption keys', () => {
  it('creates the local key file once, owner-only, and reads the same key after', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'interlock-kek-'));
    try {
      const first = localKeyring(dir);
      expect(statSync(path.join(dir, 'kek.key')).mode & 0o777).toBe(0o600);
      expect(localKeyring(dir).current.id).toBe(first.current.id);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('resolves references (base64 or hex), and names the reference, never the value, when one is wrong', async () => {
    const key = randomBytes(32);
    const env: Record<string, string> = { 'env:NEW': key.toString('base64'), 'env:OLD': randomBytes(32).toString('hex'), 'env:SHORT': 'c2hvcnQ=' };
    const ring = await keyringFromRefs({ current: 'env:NEW', previous: ['env:OLD'] }, (ref) => env[ref]);
    expect(ring.current.id).toBe(keyEncryptionKey(key).id);
    expect(ring.previous).toHaveLength(1);
    await expect(keyringFromRefs({ current: 'env:SHORT' }, (ref) => env[ref])).rejects.toThrow(/env:SHORT must be 32 bytes/);
    await expect(keyringFromRefs({ current: 'env:NONE' }, (ref) => env[ref])).rejects.toThrow(/env:NONE has no value/);
    expect(() => decodeKek('c2hvcnQ=', 'file:/k')).not.toThrow(/c2hvcnQ/);
  });

  it('reads --kek and retired keys from the environment as references', () => {
    const { config } = loadRuntimeConfig({}, { INTERLOCK_RUNTIME_KEK: 'env:KEK', INTERLOCK_RUNTIME_KEK_PREVIOUS: 'env:OLD1, /keys/old2' }, '/w');
    expect(config?.keys).toEqual({ current: 'env:KEK', previous: ['env:OLD1', 'file:/keys/old2'] });
    expect(loadRuntimeConfig({ kekPrevious: 'env:OLD' }, {}, '/w').error).toMatch(/need the current one/);
  });
});
