import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Envelope encryption of payload columns (event data, delivery bodies, action call requests, erasure
 * identifiers). Each scope (an integration, `events`, `erasure`) gets its own random AES-256 data key; the
 * data key is wrapped by the key-encryption key (KEK) and the wrapped copy travels in every row it sealed, so
 * a row names the KEK and data key it needs and no key table can fall out of step with the rows (a rolled-back
 * transaction cannot leave a row whose key was never stored). Rotating the KEK re-wraps those headers only;
 * the ciphertext is not touched.
 *
 * Sealed text: `ilk1.<kekId>.<dekId>.<wrappedDek>.<iv>.<tag>.<ciphertext>`, base64url parts. Text that does not
 * start with `ilk1.` is a row written before encryption (JSON never starts so) and is read as it is.
 */
export const SEALED_PREFIX = 'ilk1.';

/** KEKs this process holds: the current one seals, every one opens (older ones until their rows are re-wrapped). */
export interface Keyring {
  current: KeyEncryptionKey;
  previous: readonly KeyEncryptionKey[];
}

export interface KeyEncryptionKey {
  /** Fingerprint of the key (not secret): `sha256(key)` truncated, stored in every row. */
  id: string;
  key: Buffer;
}

export function keyEncryptionKey(key: Buffer): KeyEncryptionKey {
  if (key.length !== 32) throw new Error(`a key-encryption key must be 32 bytes (AES-256), got ${key.length}`);
  return { id: createHash('sha256').update('interlock-kek:').update(key).digest('hex').slice(0, 16), key };
}

export interface PayloadCipher {
  /** Whether `seal` encrypts (false: the store was opened without keys and writes plaintext). */
  readonly encrypts: boolean;
  /** Whether retired KEKs are still held: a rotation is under way until their rows are re-wrapped. */
  readonly rotating: boolean;
  /** The KEK new seals and re-wraps use (absent when plaintext). */
  readonly currentKekId?: string;
  seal(scope: string, plaintext: string): string;
  open(stored: string): string;
  /**
   * The unwrapped data key a sealed payload needs, for a thread of this process that opens rows in bulk
   * with `openSealed` (an export's encoder threads); the KEKs stay with the cipher.
   */
  dataKey(stored: string): Buffer;
  /** The same row under the current KEK (ciphertext unchanged), plaintext sealed, or null when already current. */
  rewrap(scope: string, stored: string): string | null;
}

/** Writes and reads plaintext: a store opened without keys (tests of other features, PostgreSQL without a KEK). */
export const PLAINTEXT: PayloadCipher = {
  encrypts: false,
  rotating: false,
  seal: (_scope, plaintext) => plaintext,
  open: (stored) => {
    if (stored.startsWith(SEALED_PREFIX)) throw new Error('this payload is encrypted but the store was opened without a key-encryption key');
    return stored;
  },
  dataKey: () => {
    throw new Error('this payload is encrypted but the store was opened without a key-encryption key');
  },
  rewrap: () => null,
};

/** `<kekId>.<dekId>` of a sealed payload: which data key opens it. */
export function sealedKeyId(stored: string): string {
  return stored.slice(SEALED_PREFIX.length, stored.indexOf('.', stored.indexOf('.', SEALED_PREFIX.length) + 1));
}

/** Opens a sealed payload with its data key (see `PayloadCipher.dataKey`); text that is not sealed is returned as it is. */
export function openSealed(stored: string, key: Buffer): string {
  if (!stored.startsWith(SEALED_PREFIX)) return stored;
  const parts = stored.slice(SEALED_PREFIX.length).split('.');
  if (parts.length !== 6) throw new Error('a sealed payload must have six parts');
  const [, dekId, , iv, tag, ct] = parts;
  const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
  d.setAAD(Buffer.from(`ilk1:${dekId}`));
  d.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
}

/** A random IV per seal allows 2^32 seals per data key (NIST SP 800-38D); a fresh data key well before that. */
const SEALS_PER_DATA_KEY = 1 << 24;

interface DataKey {
  id: string;
  key: Buffer;
  /** The header parts naming and carrying this key: `<kekId>.<dekId>.<wrapped>`. */
  header: string;
  uses: number;
}

export function envelopeCipher(keyring: Keyring): PayloadCipher {
  const byKekId = new Map<string, KeyEncryptionKey>([keyring.current, ...keyring.previous].map((k) => [k.id, k]));
  const active = new Map<string, DataKey>();
  const opened = new Map<string, Buffer>();
  const rewrapped = new Map<string, string>();

  const wrapHeader = (dekId: string, key: Buffer): string => {
    const kek = keyring.current;
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', kek.key, iv);
    c.setAAD(Buffer.from(`ilk1:${kek.id}:${dekId}`));
    const wrapped = Buffer.concat([iv, c.update(key), c.final(), c.getAuthTag()]);
    return `${kek.id}.${dekId}.${wrapped.toString('base64url')}`;
  };
  const unwrap = (kekId: string, dekId: string, wrapped: string): Buffer => {
    const cacheKey = `${kekId}.${dekId}`;
    const cached = opened.get(cacheKey);
    if (cached) return cached;
    const kek = byKekId.get(kekId);
    if (!kek) throw new Error(`payload sealed under key-encryption key ${kekId}, which this runtime was not given (set it as a previous key until its rows are re-wrapped)`);
    const raw = Buffer.from(wrapped, 'base64url');
    const d = createDecipheriv('aes-256-gcm', kek.key, raw.subarray(0, 12), { authTagLength: 16 });
    d.setAAD(Buffer.from(`ilk1:${kekId}:${dekId}`));
    d.setAuthTag(raw.subarray(raw.length - 16));
    const key = Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]);
    opened.set(cacheKey, key);
    return key;
  };
  const dataKey = (scope: string): DataKey => {
    let k = active.get(scope);
    if (!k || k.uses >= SEALS_PER_DATA_KEY) {
      const id = randomBytes(9).toString('base64url');
      const key = randomBytes(32);
      k = { id, key, header: wrapHeader(id, key), uses: 0 };
      active.set(scope, k);
      opened.set(`${keyring.current.id}.${id}`, key);
    }
    k.uses++;
    return k;
  };
  const parse = (stored: string) => {
    const parts = stored.slice(SEALED_PREFIX.length).split('.');
    if (parts.length !== 6) throw new Error('a sealed payload must have six parts');
    const [kekId, dekId, wrapped, iv, tag, ct] = parts;
    return { kekId, dekId, wrapped, iv, tag, ct };
  };

  return {
    encrypts: true,
    currentKekId: keyring.current.id,
    rotating: keyring.previous.length > 0,
    seal(scope, plaintext) {
      const k = dataKey(scope);
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', k.key, iv);
      c.setAAD(Buffer.from(`ilk1:${k.id}`));
      const ct = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
      return `${SEALED_PREFIX}${k.header}.${iv.toString('base64url')}.${c.getAuthTag().toString('base64url')}.${ct.toString('base64url')}`;
    },
    open(stored) {
      if (!stored.startsWith(SEALED_PREFIX)) return stored;
      const p = parse(stored);
      return openSealed(stored, unwrap(p.kekId, p.dekId, p.wrapped));
    },
    dataKey(stored) {
      const p = parse(stored);
      return unwrap(p.kekId, p.dekId, p.wrapped);
    },
    rewrap(scope, stored) {
      if (!stored.startsWith(SEALED_PREFIX)) return this.seal(scope, stored);
      const p = parse(stored);
      if (p.kekId === keyring.current.id) return null;
      // One wrap per data key, not per row: every row of that key gets the same new header.
      let header = rewrapped.get(p.dekId);
      if (!header) rewrapped.set(p.dekId, (header = wrapHeader(p.dekId, unwrap(p.kekId, p.dekId, p.wrapped))));
      return `${SEALED_PREFIX}${header}.${p.iv}.${p.tag}.${p.ct}`;
    },
  };
}
