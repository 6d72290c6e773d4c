import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Ghash } from './ghash.js';
import { envelopeCipher, keyEncryptionKey, openSealed, sealedKeyId } from './payload-cipher.js';
import { SealedBatchOpener } from './sealed-batch.js';

/** An opener started on `texts`, back to back in one buffer as an export batch carries them. */
function opened(texts: string[], keys: ReadonlyMap<string, Buffer>, opener = new SealedBatchOpener()): SealedBatchOpener {
  const { bytes, ends } = packed(texts);
  opener.open(bytes, ends, keys);
  return opener;
}

/** Payloads back to back in one buffer, as an export batch carries them, and where each ends. */
function packed(texts: string[]): { bytes: Buffer; ends: Uint32Array } {
  const bytes = Buffer.concat(texts.map((t) => Buffer.from(t, 'utf8')));
  let at = 0;
  return { bytes, ends: Uint32Array.from(texts, (t) => (at += Buffer.byteLength(t))) };
}

/** A deterministic generator, so a failure names a case that can be run again. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe('GHASH', () => {
  it('gives the tag node:crypto gives for AES-256-GCM, for AAD and text of every length around the block size', () => {
    const key = randomBytes(32);
    const ecb = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
    const g = new Ghash(ecb.update(Buffer.alloc(16)));
    for (const aadBytes of [0, 1, 15, 16, 17, 40]) {
      for (let textBytes = 0; textBytes <= 70; textBytes++) {
        const iv = randomBytes(12);
        const aad = randomBytes(aadBytes);
        const c = createCipheriv('aes-256-gcm', key, iv);
        c.setAAD(aad);
        const ct = Buffer.concat([c.update(randomBytes(textBytes)), c.final()]);
        g.restart();
        g.absorb(new DataView(aad.buffer, aad.byteOffset, aad.length), 0, aad.length);
        g.absorb(new DataView(ct.buffer, ct.byteOffset, ct.length), 0, ct.length);
        g.lengths(aadBytes, textBytes);
        // tag = GHASH ⊕ AES_K(IV ‖ 1)
        const mask = ecb.update(Buffer.concat([iv, Buffer.from([0, 0, 0, 1])]));
        const tag = Buffer.alloc(16);
        for (let w = 0; w < 4; w++) tag.writeInt32BE(g.state[w] ^ mask.readInt32BE(w * 4), w * 4);
        expect(tag.toString('hex'), `${aadBytes} bytes of AAD, ${textBytes} of text`).toBe(c.getAuthTag().toString('hex'));
      }
    }
  });
});

describe('opening the sealed payloads of a batch', () => {
  const cipher = envelopeCipher({ current: keyEncryptionKey(randomBytes(32)), previous: [] });
  const texts = ['{"n":1,"name":"Zoë ✓"}', '{"legacy":"plaintext, not sealed: ü"}', '{"n":3}', '{"scope":"other"}'];
  const stored = [cipher.seal('events', texts[0]), texts[1], cipher.seal('events', texts[2]), cipher.seal('acme', texts[3])];
  const keyOf = (s: string) => cipher.dataKey(s);
  const keys = new Map(stored.filter((_, i) => i !== 1).map((s) => [sealedKeyId(s), keyOf(s)]));

  it('opens a thousand payloads as openSealed does: lengths 0 to 600, non-ASCII text, data keys changing mid-batch, legacy plaintext between', () => {
    const random = seeded(18);
    const plain: string[] = [];
    const sealed: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const length = Math.floor(random() * 600);
      const text = i % 97 === 5 ? '' : Array.from({ length }, () => (random() < 0.05 ? 'é✓'[Math.floor(random() * 2)] : String.fromCharCode(32 + Math.floor(random() * 90)))).join('');
      plain.push(text);
      // Runs of one key broken by another scope's key and by rows stored before encryption.
      const scope = random() < 0.1 ? 'acme' : 'events';
      sealed.push(i % 113 === 7 ? text : cipher.seal(scope, text));
      if (sealed[i] !== text) keys.set(sealedKeyId(sealed[i]), keyOf(sealed[i]));
    }
    const opener = opened(sealed, keys);
    const texts = plain.map((_, i) => opener.payload(i));
    expect(texts).toEqual(plain);
    expect(texts).toEqual(sealed.map((s) => (s.startsWith('ilk1.') ? openSealed(s, keyOf(s)) : s)));
    // Read again, and out of order: the same text.
    expect([999, 0, 500, 501, 3].map((i) => opener.payload(i))).toEqual([999, 0, 500, 501, 3].map((i) => plain[i]));
    // The same opener on the next batch (its scratch buffers and key tables kept): that batch's payloads.
    opened(sealed.slice(0, 300).reverse(), keys, opener);
    expect(Array.from({ length: 300 }, (_, i) => opener.payload(i))).toEqual(plain.slice(0, 300).reverse());
  });

  it('opens a payload longer than its scratch buffers, and the rows around it', () => {
    const long = JSON.stringify({ blob: 'x'.repeat(300_000) });
    const all = [...stored, cipher.seal('events', long), cipher.seal('events', '{"after":true}')];
    const opener = opened(all, keys);
    expect(all.map((_, i) => opener.payload(i))).toEqual([...texts, long, '{"after":true}']);
  });

  it('refuses a payload whose data key did not come along', () => {
    const id = sealedKeyId(stored[0]);
    const onlyEvents = opened(stored, new Map([[id, keys.get(id)!]]));
    expect(onlyEvents.payload(0)).toBe(texts[0]);
    expect(() => onlyEvents.payload(3)).toThrow(/did not come with its batch/);
    // A key the opener kept from an earlier batch is not used for a batch that did not bring it.
    opened(stored, new Map(), onlyEvents);
    expect(() => onlyEvents.payload(0)).toThrow(/did not come with its batch/);
  });

  it('refuses every single-bit change to the IV, tag or ciphertext, and a payload moved under another data key', () => {
    const parts = stored[0].split('.');
    const opens = (changed: string[]) => {
      const opener = opened([stored[2], changed.join('.')], keys);
      return () => opener.payload(1);
    };
    for (const part of [4, 5, 6]) {
      const raw = Buffer.from(parts[part], 'base64url');
      for (let bit = 0; bit < raw.length * 8; bit++) {
        const flipped = Buffer.from(raw);
        flipped[bit >> 3] ^= 1 << (bit & 7);
        const changed = [...parts];
        changed[part] = flipped.toString('base64url');
        expect(opens(changed), `part ${part}, bit ${bit}`).toThrow(/failed authentication/);
      }
    }
    // The AAD names the data key: the same ciphertext presented as another key's fails even with that key given.
    const other = stored[3].split('.');
    expect(opens([...other.slice(0, 4), ...parts.slice(4)])).toThrow(/failed authentication/);
    expect(opens(parts)()).toBe(texts[0]);
  });

  it('refuses malformed sealed text with the reason', () => {
    const parts = stored[0].split('.');
    const bad = (text: string) => {
      const opener = opened([text], keys);
      return () => opener.payload(0);
    };
    expect(bad([...parts.slice(0, 6), `${parts[6]}*`].join('.'))).toThrow(/base64url/);
    expect(bad([...parts.slice(0, 5), `${parts[5].slice(1)}*`, parts[6]].join('.'))).toThrow(/base64url/);
    expect(bad([...parts.slice(0, 4), `${parts[4]}AA`, ...parts.slice(5)].join('.'))).toThrow(/12-byte IV/);
    expect(bad(parts.slice(0, 6).join('.'))).toThrow(/six parts/);
    expect(bad(`${parts.slice(0, 2).join('.')}.x.${parts.slice(2).join('.')}`)).toThrow(/six parts/);
  });
});
