/**
 * GHASH, the authenticator of AES-GCM (NIST SP 800-38D §6.4), under one hash subkey H, for checking the tags of
 * many payloads sealed with one data key (see `sealed-batch.ts`). Node's crypto only offers GCM a payload at a
 * time, and on Node 20 and 22 the buffers and cipher contexts of a decipher per payload cost more than the
 * cryptography (10 µs a row against 1 µs here); @noble/ciphers' GHASH builds its tables per instance and copies
 * its input per update (14 µs a row). The AES block function stays native (see `sealed-batch.ts`).
 *
 * Multiplication by H uses Shoup's 8-bit tables: for each of the 16 byte positions, the 256 products of H and a
 * byte in that position, reduction included, so a block costs 16 lookups and XORs. A 128-bit value is four
 * 32-bit words, the first holding bytes 0–3 big-endian, as the standard writes blocks. Table lookups depend on
 * the data and H: fine for tags checked on a server's own worker threads, where no other tenant shares the cache.
 */

const R = 0xe1000000 | 0;

/** Where a hash stands: four words, the first holding bytes 0–3 big-endian. */
export type GhashState = Int32Array;

/** The 16 × 256 products of H and each byte in each position, four words each. */
function productTables(h: Uint8Array): Int32Array {
  // P[j] = H · x^j, the product of H and the block with only bit j set (bit 0 is the first byte's high bit).
  const p = new Int32Array(128 * 4);
  let w0 = word(h, 0);
  let w1 = word(h, 4);
  let w2 = word(h, 8);
  let w3 = word(h, 12);
  for (let j = 0; j < 128; j++) {
    p.set([w0, w1, w2, w3], j * 4);
    const carry = w3 & 1;
    w3 = (w3 >>> 1) | (w2 << 31);
    w2 = (w2 >>> 1) | (w1 << 31);
    w1 = (w1 >>> 1) | (w0 << 31);
    w0 >>>= 1;
    if (carry) w0 ^= R;
  }
  const t = new Int32Array(16 * 256 * 4);
  for (let i = 0; i < 16; i++) {
    for (let b = 1; b < 256; b++) {
      // b · H in position i is the product of its lowest set bit and of the rest, both already in the table.
      const low = b & -b;
      const bit = 7 - (31 - Math.clz32(low));
      const d = (i * 256 + b) * 4;
      const r = (i * 256 + (b ^ low)) * 4;
      const q = (8 * i + bit) * 4;
      for (let w = 0; w < 4; w++) t[d + w] = t[r + w] ^ p[q + w];
    }
  }
  return t;
}

/** Bytes `at`..`at + 3` of `b` as a big-endian word. */
function word(b: Uint8Array, at: number): number {
  return (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
}

/** Bytes `at`..`at + 3` of `data` as a big-endian word, bytes from `to` on read as zeros (a last, partial block). */
function padded(data: DataView, at: number, to: number): number {
  let w = 0;
  for (let k = 0; k < 4; k++) w |= (at + k < to ? data.getUint8(at + k) : 0) << (24 - 8 * k);
  return w;
}

/** A GHASH under one H: start from a state (zero, or one taken after common AAD), absorb, then read `state`. */
export class Ghash {
  private readonly t: Int32Array;
  readonly state: GhashState = new Int32Array(4);

  constructor(h: Uint8Array) {
    if (h.length !== 16) throw new Error(`a GHASH subkey is 16 bytes, got ${h.length}`);
    this.t = productTables(h);
  }

  restart(from?: GhashState): void {
    if (from) this.state.set(from);
    else this.state.fill(0);
  }

  /**
   * Absorbs bytes `[from, to)` of `data` as whole blocks, the last one padded with zeros (how GCM hashes its
   * AAD and ciphertext). A DataView: its big-endian reads compile to a load and a byte swap.
   */
  absorb(data: DataView, from: number, to: number): void {
    const s = this.state;
    let i = from;
    for (; i + 16 <= to; i += 16) this.multiply(s[0] ^ data.getInt32(i), s[1] ^ data.getInt32(i + 4), s[2] ^ data.getInt32(i + 8), s[3] ^ data.getInt32(i + 12));
    if (i < to) this.multiply(s[0] ^ padded(data, i, to), s[1] ^ padded(data, i + 4, to), s[2] ^ padded(data, i + 8, to), s[3] ^ padded(data, i + 12, to));
  }

  /** Absorbs GCM's closing block: the AAD's and the ciphertext's lengths in bits, 64 bits each. */
  lengths(aadBytes: number, ciphertextBytes: number): void {
    const s = this.state;
    this.multiply(s[0] ^ Math.floor(aadBytes / 0x20000000), s[1] ^ ((aadBytes * 8) | 0), s[2] ^ Math.floor(ciphertextBytes / 0x20000000), s[3] ^ ((ciphertextBytes * 8) | 0));
  }

  /** state = (z0, z1, z2, z3) · H: one table row per byte of z (written out: an array of the words was a young object a block). */
  private multiply(z0: number, z1: number, z2: number, z3: number): void {
    const t = this.t;
    const s = this.state;
    let o0 = 0;
    let o1 = 0;
    let o2 = 0;
    let o3 = 0;
    // Table rows for byte k of the block start at k * 1024 (256 products of 4 words).
    let at = (z0 >>> 24) << 2;
    o0 ^= t[at]; o1 ^= t[at + 1]; o2 ^= t[at + 2]; o3 ^= t[at + 3];
    at = 1024 | (((z0 >>> 16) & 255) << 2);
    o0 ^= t[at]; o1 ^= t[at + 1]; o2 ^= t[at + 2]; o3 ^= t[at + 3];
    at = 2048 | (((z0 >>> 8) & 255) << 2);
    o0 ^= t[at]; o1 ^= t[at + 1]; o2 ^= t[at + 2]; o3 ^= t[at + 3];
    at = 3072 | ((z0 & 255) << 2);
    o0 ^= t[at]; o1 ^= t[at + 1]; o2 ^= t[at + 2]; o3 ^= t[at + 3];
    at = 4096 | ((z1 >>> 24) << 2);
    o0 ^= t[at]; o1 ^= t[at + 1]; o2 ^= t[at + 2]; o3 ^= t[at + 3];
    at = 5120 | (((z1 >>> 16) & 255) << 2);
    o0 ^= t[at]; o1 ^= t[at + 1]; o2 ^= t[at + 2]; o3 ^= t[at + 3];
    at = 6144 | (((z1 >>> 8) & 255) << 2);
    o0 ^= t[at]; o1 ^= t[at + 1]; o2 ^= t[at + 2]; o3 ^= t[at + 3];
    at = 7168 | ((z1 & 255) << 2);
    o0 ^= t[at]; o1 ^= t[at + 1]; o2 ^= t[at + 2]; o3 ^= t[at + 3];
    at = 8192 | ((z2 >>> 24) << 2);
    o0 ^= t[at]; o1 ^= t[at + 1]; o2 ^= t[at + 2]; o3 ^= t[at + 3];
    at = 9216 | (((z2 >>> 16) & 255) << 2);
    o0 ^= t[at]; o1 ^= t[at + 1]; o2 ^= t[at + 2]; o3 ^= t[at + 3];
    at = 10240 | (((z2 >>> 8) & 255) << 2);
    o0 ^= t[at]; o1 ^= t[at + 1]; o2 ^= t[at + 2]; o3 ^= t[at + 3];
    at = 11264 | ((z2 & 255) << 2);
    o0 ^= t[at]; o1 ^= t[at + 1]; o2 ^= t[at + 2]; o3 ^= t[at + 3];
    at = 12288 | ((z3 >>> 24) << 2);
    o0 ^= t[at]; o1 ^= t[at + 1]; o2 ^= t[at + 2]; o3 ^= t[at + 3];
    at = 13312 | (((z3 >>> 16) & 255) << 2);
    o0 ^= t[at]; o1 ^= t[at + 1]; o2 ^= t[at + 2]; o3 ^= t[at + 3];
    at = 14336 | (((z3 >>> 8) & 255) << 2);
    o0 ^= t[at]; o1 ^= t[at + 1]; o2 ^= t[at + 2]; o3 ^= t[at + 3];
    at = 15360 | ((z3 & 255) << 2);
    o0 ^= t[at]; o1 ^= t[at + 1]; o2 ^= t[at + 2]; o3 ^= t[at + 3];
    s[0] = o0;
    s[1] = o1;
    s[2] = o2;
    s[3] = o3;
  }
}
