import { SEALED_PREFIX } from './payload-cipher.js';

/** How a sealed payload is laid out in bytes (`ilk1.<kekId>.<dekId>.<wrapped>.<iv>.<tag>.<ct>`, base64url parts), read in place. */

const DOT = 0x2e;
export const PREFIX = Buffer.from(SEALED_PREFIX, 'latin1');

/** Whether `bytes[start, end)` starts with the sealed prefix (compared in JS: cheaper than a native call a row). */
export function hasPrefix(bytes: Uint8Array, start: number, end: number): boolean {
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

/** Decodes unpadded base64url `src[from, to)` into `dst` at `at`; the byte count, or -1 when it is not base64url or does not fit. */
export function decodeInto(src: Uint8Array, from: number, to: number, dst: Uint8Array, at: number): number {
  const len = to - from;
  const rest = len & 3;
  if (rest === 1 || at + ((len * 3) >> 2) > dst.length) return -1;
  let o = at;
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
  return o - at;
}

/** Where the parts of the payload being decoded sit: the dot ending its `<kekId>.<dekId>`, and the dots before its IV, tag and ciphertext. */
export const ID_END = 0;
export const IV = 1;
export const TAG = 2;
export const CT = 3;

/**
 * Finds a sealed payload's parts (`ilk1.<kekId>.<dekId>.<wrapped>.<iv>.<tag>.<ct>`) by its last four dots, into
 * `dots` (a scratch array: an object a row was garbage); what is wrong with it, or null.
 */
export function findParts(bytes: Buffer, start: number, end: number, dots: Int32Array): string | null {
  const ct = bytes.lastIndexOf(DOT, end - 1);
  const tag = bytes.lastIndexOf(DOT, ct - 1);
  const iv = bytes.lastIndexOf(DOT, tag - 1);
  const idEnd = bytes.lastIndexOf(DOT, iv - 1);
  const k = bytes.indexOf(DOT, start + PREFIX.length);
  if (idEnd <= start + PREFIX.length || k < 0 || k >= idEnd || bytes.indexOf(DOT, k + 1) < idEnd) return 'a sealed payload must have six parts';
  dots[ID_END] = idEnd;
  dots[IV] = iv;
  dots[TAG] = tag;
  dots[CT] = ct;
  return null;
}
