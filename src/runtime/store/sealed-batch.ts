import { createCipheriv, type Cipher } from 'node:crypto';
import { Ghash, type GhashState } from './ghash.js';
import { CT, decodeInto, findParts, hasPrefix, ID_END, IV, PREFIX, TAG } from './sealed-layout.js';

/**
 * Opens the stored payloads of export batches: UTF-8 back to back in one buffer, payload i ending at `ends[i]`
 * (see `EventBatch`). Same format, checks and results as `openSealed`, built for a million rows a run:
 *
 * - Rows are taken a run at a time (up to RUN_ROWS consecutive rows sealed under one data key). The IVs,
 *   tags and ciphertexts are decoded from base64url in place into scratch buffers, with no string or buffer a row.
 * - AES-256-GCM is AES in counter mode plus GHASH. The counter blocks of the whole run are enciphered in one
 *   native call (AES-256-ECB of each block, which is what counter mode does), and each tag is checked with
 *   the key's GHASH tables before its plaintext is given out. A decipher object per row cost ~10 µs on Node 20
 *   and 22, mostly allocating and freeing its buffers; this costs ~1.5 µs.
 * - One opener serves a thread's batches one after another: its scratch buffers and each data key's tables are
 *   kept, and its code, compiled once, is not thrown away for a closure of each batch.
 */

/** Rows enciphered together: their counter blocks (~14 a row) make a keystream of ~60 KB, which stays in cache. */
const RUN_ROWS = 256;
const TAG_BYTES = 16;
/** Data keys whose tables are kept between batches (64 KB each); a window has a handful. */
const KEPT_KEYS = 16;

/** What opening under one data key needs: its AES block function, GHASH tables and the hash of its AAD. */
interface KeyState {
  id: Buffer;
  raw: Buffer;
  aes: Cipher;
  ghash: Ghash;
  afterAad: GhashState;
  aadBytes: number;
}

function keyState(id: string, raw: Buffer): KeyState {
  if (raw.length !== 32) throw new Error(`the data key ${id} is not an AES-256 key`);
  const aes = createCipheriv('aes-256-ecb', raw, null).setAutoPadding(false);
  const ghash = new Ghash(aes.update(Buffer.alloc(16))); // H = AES_K(0¹²⁸)
  const aad = Buffer.from(`ilk1:${id.slice(id.indexOf('.') + 1)}`);
  ghash.restart();
  ghash.absorb(new DataView(aad.buffer, aad.byteOffset, aad.length), 0, aad.length);
  return { id: Buffer.from(id, 'latin1'), raw: Buffer.from(raw), aes, ghash, afterAad: Int32Array.from(ghash.state), aadBytes: aad.length };
}

const NO_BYTES = Buffer.alloc(0);

/** A problem with the row a run starts at is refused at once; one with a later row only ends the run before it. */
function refuseFirst(rowOfRun: number, problem: string): void {
  if (rowOfRun === 0) throw new Error(problem);
}

/** Opens one batch at a time (`open`, then `payload(i)` for its rows); one per thread, for all its batches. */
export class SealedBatchOpener {
  private bytes: Buffer = NO_BYTES;
  private ends: Uint32Array = new Uint32Array(0);
  private keys: ReadonlyMap<string, Buffer> = new Map();
  /** Key states by `<kekId>.<dekId>`, kept across batches; checked against the batch's key once a run. */
  private readonly states = new Map<string, KeyState>();
  // The prepared run: rows [first, first + count), each row's ciphertext start and length in `ct`, its tag in
  // `tags`, and `blocks[r]`, the index of its first counter block (J0, for the tag) in `stream`.
  private first = -1;
  private count = 0;
  private key: KeyState | null = null;
  private readonly ctAt = new Int32Array(RUN_ROWS);
  private readonly ctLength = new Int32Array(RUN_ROWS);
  private readonly blocks = new Int32Array(RUN_ROWS);
  private readonly dots = new Int32Array(4);
  // Scratch buffers, each with a DataView: word reads and writes through it compile to single loads and stores.
  private readonly tags = new Uint8Array(RUN_ROWS * TAG_BYTES);
  private readonly tagWords = new DataView(this.tags.buffer);
  private ct = new Uint8Array(RUN_ROWS * 256);
  private ctWords = new DataView(this.ct.buffer);
  /** One plaintext at a time: the ciphertexts stay as they are, so a row can be read again. */
  private text = Buffer.alloc(4096);
  private textWords = new DataView(this.text.buffer, this.text.byteOffset, this.text.byteLength);
  private counters = new Uint8Array(RUN_ROWS * 16 * 16);
  private counterWords = new DataView(this.counters.buffer);
  private stream = new DataView(this.counters.buffer);

  /**
   * Starts on a batch: payload i is `bytes[ends[i - 1] or 0, ends[i])`, sealed under one of `keys` (data keys by
   * `<kekId>.<dekId>`) or stored before encryption. The buffers are read until the next `open`.
   */
  open(bytes: Buffer, ends: Uint32Array, keys: ReadonlyMap<string, Buffer>): void {
    this.bytes = bytes;
    this.ends = ends;
    this.keys = keys;
    this.first = -1;
    this.count = 0;
    this.key = null;
  }

  /**
   * Payload i of the batch as text: unsealed, or as it is when it was not sealed. Rows are best read in order (a run
   * is prepared from the first row asked for). A sealed payload whose key did not come with the batch, that is
   * malformed or that fails authentication throws.
   */
  payload(i: number): string {
    const { bytes, ends } = this;
    const start = i ? ends[i - 1] : 0;
    const end = ends[i];
    if (!hasPrefix(bytes, start, end)) return bytes.toString('utf8', start, end);
    if (i < this.first || i >= this.first + this.count) this.prepare(i);
    const r = i - this.first;
    const k = this.key!;
    const at = this.ctAt[r];
    const n = this.ctLength[r];
    const { stream, tagWords, ctWords } = this;
    const g = k.ghash;
    g.restart(k.afterAad);
    g.absorb(ctWords, at, at + n);
    g.lengths(k.aadBytes, n);
    const s = g.state;
    const j0 = this.blocks[r] * 16;
    const t = r * TAG_BYTES;
    // Compared in full whatever differs first, so the time taken does not tell how much of a forged tag was right.
    const diff =
      (s[0] ^ stream.getInt32(j0) ^ tagWords.getInt32(t)) |
      (s[1] ^ stream.getInt32(j0 + 4) ^ tagWords.getInt32(t + 4)) |
      (s[2] ^ stream.getInt32(j0 + 8) ^ tagWords.getInt32(t + 8)) |
      (s[3] ^ stream.getInt32(j0 + 12) ^ tagWords.getInt32(t + 12));
    if (diff !== 0) throw new Error('a sealed payload failed authentication: its tag does not match');
    if (n > this.text.length) {
      this.text = Buffer.alloc(Math.max(n, this.text.length * 2));
      this.textWords = new DataView(this.text.buffer, this.text.byteOffset, this.text.byteLength);
    }
    const out = this.textWords;
    const ks = j0 + 16;
    // A word at a time (the byte order is the same on both sides, so whichever the reads use), then the tail.
    let b = 0;
    for (; b + 4 <= n; b += 4) out.setInt32(b, ctWords.getInt32(at + b, true) ^ stream.getInt32(ks + b, true), true);
    for (; b < n; b++) out.setUint8(b, ctWords.getUint8(at + b) ^ stream.getUint8(ks + b));
    return this.text.toString('utf8', 0, n);
  }

  /** The state of the data key a payload names (`<kekId>.<dekId>` at `[start + prefix, idEnd)`), from the batch's keys. */
  private stateFor(start: number, idEnd: number): KeyState {
    const id = this.bytes.toString('latin1', start + PREFIX.length, idEnd);
    const raw = this.keys.get(id);
    if (!raw) throw new Error(`the data key ${id} of a payload did not come with its batch`);
    let state = this.states.get(id);
    if (!state || !state.raw.equals(raw)) {
      if (this.states.size >= KEPT_KEYS) this.states.clear();
      this.states.set(id, (state = keyState(id, raw)));
    }
    return state;
  }

  /** Whether the payload at `start` names `k` (compared in place: a string a row was most of the garbage). */
  private names(k: KeyState, start: number, idEnd: number): boolean {
    const idStart = start + PREFIX.length;
    return k.id.length === idEnd - idStart && this.bytes.compare(k.id, 0, k.id.length, idStart, idEnd) === 0;
  }

  /**
   * Decodes rows from `i` (a sealed one) on while they share its data key, writes their counter blocks and
   * enciphers them in one call. A later row that is malformed or under another key ends the run: it is judged,
   * and refused, when it is read.
   */
  private prepare(i: number): void {
    const { bytes, ends, dots } = this;
    this.first = i;
    this.count = 0;
    this.key = null;
    let ctUsed = 0;
    let block = 0;
    let count = 0;
    let key: KeyState | null = null;
    for (let j = i; j < ends.length && count < RUN_ROWS; j++, count++) {
      const start = j ? ends[j - 1] : 0;
      const end = ends[j];
      if (!hasPrefix(bytes, start, end)) continue; // stored before encryption: `payload` reads it as it is
      const malformed = findParts(bytes, start, end, dots);
      if (malformed) {
        refuseFirst(count, malformed);
        break;
      }
      if (!key) key = this.stateFor(start, dots[ID_END]);
      else if (!this.names(key, start, dots[ID_END])) break;
      const ivDot = dots[IV];
      const tagDot = dots[TAG];
      const ctDot = dots[CT];
      // Unpadded base64url of 12 and 16 bytes is 16 and 22 digits long.
      if (tagDot - ivDot - 1 !== 16 || ctDot - tagDot - 1 !== 22) {
        refuseFirst(count, 'a sealed payload must have a 12-byte IV and a 16-byte tag');
        break;
      }
      const maxCt = ((end - ctDot - 1) * 3) >> 2;
      const needBlocks = block + 1 + Math.ceil(maxCt / 16);
      if (ctUsed + maxCt > this.ct.length || needBlocks * 16 > this.counters.length) {
        if (count) break; // the next run starts here, with room
        this.ct = new Uint8Array(Math.max(this.ct.length, maxCt));
        this.ctWords = new DataView(this.ct.buffer);
        this.counters = new Uint8Array(Math.max(this.counters.length, needBlocks * 16));
        this.counterWords = new DataView(this.counters.buffer);
      }
      const n = decodeInto(bytes, ctDot + 1, end, this.ct, ctUsed);
      if (n < 0 || decodeInto(bytes, tagDot + 1, ctDot, this.tags, count * TAG_BYTES) < 0 || decodeInto(bytes, ivDot + 1, tagDot, this.counters, block * 16) < 0) {
        refuseFirst(count, 'a sealed payload is not base64url');
        break;
      }
      // Counter blocks: J0 = IV ‖ 1 masks the tag, IV ‖ 2, IV ‖ 3, … encipher the text (IVs of 12 bytes).
      const cw = this.counterWords;
      const j0 = block * 16;
      const total = 1 + Math.ceil(n / 16);
      const iv0 = cw.getInt32(j0);
      const iv1 = cw.getInt32(j0 + 4);
      const iv2 = cw.getInt32(j0 + 8);
      for (let b = 0, o = j0; b < total; b++, o += 16) {
        cw.setInt32(o, iv0);
        cw.setInt32(o + 4, iv1);
        cw.setInt32(o + 8, iv2);
        cw.setInt32(o + 12, b + 1);
      }
      this.ctAt[count] = ctUsed;
      this.ctLength[count] = n;
      this.blocks[count] = block;
      ctUsed += n;
      block += total;
    }
    this.count = count;
    this.key = key;
    if (key) {
      const enciphered = key.aes.update(this.counters.subarray(0, block * 16));
      this.stream = new DataView(enciphered.buffer, enciphered.byteOffset, enciphered.byteLength);
    }
  }
}
