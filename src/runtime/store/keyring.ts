import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { keyEncryptionKey, type KeyEncryptionKey, type Keyring } from './payload-cipher.js';

/** Where the embedded store keeps its key-encryption key when none is configured: beside the data, owner-only. */
export const LOCAL_KEK_FILE = 'kek.key';

/**
 * The embedded store's default KEK: `<dataDir>/kek.key`, created (32 random bytes, base64, mode 0600) on first
 * open. It protects the database files when they are copied or backed up without the key file; a KEK from a
 * secret reference (`--kek`) is the stronger setting.
 */
export function localKeyring(dataDir: string): Keyring {
  const file = path.join(dataDir, LOCAL_KEK_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dataDir, { recursive: true });
    text = randomBytes(32).toString('base64');
    // 'wx': two processes racing to create it both end up reading the one that won.
    try {
      writeFileSync(file, `${text}\n`, { mode: 0o600, flag: 'wx' });
    } catch (raced) {
      if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced;
      text = readFileSync(file, 'utf8');
    }
  }
  return { current: decodeKek(text, file), previous: [] };
}

/** A KEK from a resolved secret: 32 bytes as base64 or 64 hex digits. `where` names the reference, never the value. */
export function decodeKek(value: string, where: string): KeyEncryptionKey {
  const text = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error(`the key-encryption key ${where} must be 32 bytes, as base64 or 64 hex digits`);
  return keyEncryptionKey(key);
}

/** The keyring from secret references: `current` seals; `previous` (retired KEKs) still open rows not yet re-wrapped. */
export async function keyringFromRefs(
  refs: { current: string; previous?: readonly string[] },
  resolve: (ref: string) => string | undefined | Promise<string | undefined>,
): Promise<Keyring> {
  const load = async (ref: string): Promise<KeyEncryptionKey> => {
    const value = await resolve(ref);
    if (!value) throw new Error(`the key-encryption key ${ref} has no value`);
    return decodeKek(value, ref);
  };
  return { current: await load(refs.current), previous: await Promise.all((refs.previous ?? []).map(load)) };
}
