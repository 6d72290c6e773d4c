import { createDecipheriv, createSecretKey, type KeyObject } from 'node:crypto';
import { SEALED_PREFIX } from './payload-cipher.js';

/**
 * Opens stored payloads held as bytes, back to back in one buffer (an export batch, see `EventBatch`), without
 * building each stored text first: the IV, tag and ciphertext are decoded from their base64url in place into
 * scratch buffers, and the AAD is made once per data key. Same format and checks as `openSealed`, which reads a
 * string; an export opens every row of a window, and the per-row strings and buffers were most of its garbage.
 */
export type BytesOpener = (bytes: Buffer, start: number, end: number) => string;

const DOT = 0x2e;
const GCM = { authTagLength: 16 } as const;
const PREFIX = Buffer.from(SEALED_PREFIX, 'latin1');

/** Whether `bytes[start, end)` starts with the sealed prefix: compared in JS, as a call into Buffer#compare per row cost more than the five bytes. */
function hasPrefix(bytes: Buffer, start: number, end: number): boolean {
  if (end - start < PREFIX.length) return false;
  for (let i = 0; i < PREFIX.length; i++) if (bytes[start + i] !== PREFIX[i]) return false;
  return true;
}

/** base64url digit values, -1 for bytes that are not one. */
const DIGITS = (() => {
  const t = new Int8Array(256).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  for (let i = 0; i < alphabet.length; i++) t[alphabet.charCodeAt(i)] = i;
  return t;
})();

/** Decodes unpadded base64url `src[from, to)` into `dst` from 0; the byte count, or -1 when it is not base64url. */
function decodeInto(src: Uint8Array, from: number, to: number, dst: Uint8Array): number {
  const len = to - from;
  const rest = len & 3;
  if (rest === 1 || ((len * 3) >> 2) > dst.length) return -1;
  let o = 0;
  let i = from;
  const full = to - rest;
  for (; i < full; i += 4) {
    const a = DIGITS[src[i]];
    const b = DIGITS[src[i + 1]];
    const c = DIGITS[src[i + 2]];
    const d = DIGITS[src[i + 3]];
    if ((a | b | c | d) < 0) return -1;
    dst[o++] = (a << 2) | (b >> 4);
    dst[o++] = ((b & 15) << 4) | (c >> 2);
    dst[o++] = ((c & 3) << 6) | d;
  }
  if (rest) {
    const a = DIGITS[src[i]];
    const b = DIGITS[src[i + 1]];
    const c = rest === 3 ? DIGITS[src[i + 2]] : 0;
    if ((a | b | c) < 0) return -1;
    dst[o++] = (a << 2) | (b >> 4);
    if (rest === 3) dst[o++] = ((b & 15) << 4) | (c >> 2);
  }
  return o;
}

/**
 * An opener for payloads sealed under the data keys `keyFor` returns (by `<kekId>.<dekId>`, see
 * `sealedKeyId`). Text that is not sealed is returned as it is (UTF-8); a sealed payload whose key is not
 * given, that is malformed or fails authentication throws.
 */
export function sealedBytesOpener(keyFor: (keyId: string) => Buffer | undefined): BytesOpener {
  const iv = Buffer.alloc(12);
  const tag = Buffer.alloc(16);
  let ct = Buffer.alloc(4096);
  // The data key of the previous payload, by where its `<kekId>.<dekId>` sat: most rows share it, and
  // comparing bytes in place spares a string a row. A KeyObject spares copying the key into each decipher.
  let lastId: Buffer | null = null;
  let key: KeyObject | undefined;
  let aad: Buffer | undefined;
  return (bytes, start, end) => {
    if (!hasPrefix(bytes, start, end)) return bytes.toString('utf8', start, end);
    // `ilk1.<kekId>.<dekId>.<wrapped>.<iv>.<tag>.<ct>`: the last four dots, found from the end.
    const c = bytes.lastIndexOf(DOT, end - 1);
    const t = bytes.lastIndexOf(DOT, c - 1);
    const v = bytes.lastIndexOf(DOT, t - 1);
    const w = bytes.lastIndexOf(DOT, v - 1);
    const k = bytes.indexOf(DOT, start + PREFIX.length);
    if (w <= start + PREFIX.length || k < 0 || k >= w || bytes.indexOf(DOT, k + 1) < w) throw new Error('a sealed payload must have six parts');
    const idStart = start + PREFIX.length;
    if (!lastId || lastId.length !== w - idStart || bytes.compare(lastId, 0, lastId.length, idStart, w) !== 0) {
      const id = bytes.toString('latin1', idStart, w);
      const raw = keyFor(id);
      if (!raw) throw new Error(`the data key ${id} of a payload did not come with its batch`);
      key = createSecretKey(raw);
      aad = Buffer.from(`ilk1:${id.slice(id.indexOf('.') + 1)}`);
      lastId = Buffer.from(bytes.subarray(idStart, w)); // a copy: the batch buffer is reused for later batches
    }
    if (end - c > ct.length) ct = Buffer.alloc(Math.max(end - c, ct.length * 2));
    const n = decodeInto(bytes, c + 1, end, ct);
    if (decodeInto(bytes, v + 1, t, iv) !== 12 || decodeInto(bytes, t + 1, c, tag) !== 16 || n < 0) throw new Error('a sealed payload is not base64url');
    const d = createDecipheriv('aes-256-gcm', key!, iv, GCM);
    d.setAAD(aad!);
    d.setAuthTag(tag);
    const out = d.update(ct.subarray(0, n));
    d.final();
    return out.toString('utf8');
  };
}
