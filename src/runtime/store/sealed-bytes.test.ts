import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { envelopeCipher, keyEncryptionKey, sealedKeyId } from './payload-cipher.js';
import { sealedBytesOpener } from './sealed-bytes.js';

/** Payloads back to back in one buffer, as an export batch carries them; returns each one's [start, end). */
function packed(texts: string[]): { bytes: Buffer; ranges: [number, number][] } {
  const bytes = Buffer.concat(texts.map((t) => Buffer.from(t, 'utf8')));
  let at = 0;
  const ranges = texts.map((t): [number, number] => [at, (at += Buffer.byteLength(t))]);
  return { bytes, ranges };
}

describe('opening sealed payloads from a batch buffer', () => {
  const cipher = envelopeCipher({ current: keyEncryptionKey(randomBytes(32)), previous: [] });
  const texts = ['{"n":1,"name":"Zoë ✓"}', '{"legacy":"plaintext, not sealed: ü"}', '{"n":3}', '{"scope":"other"}'];
  const stored = [cipher.seal('events', texts[0]), texts[1], cipher.seal('events', texts[2]), cipher.seal('acme', texts[3])];
  const keys = new Map(stored.filter((s, i) => i !== 1).map((s) => [sealedKeyId(s), cipher.dataKey(s)]));

  it('opens every payload like the string opener does, across data keys, legacy plaintext and non-ASCII text, and sizes of ciphertext past its scratch buffer', () => {
    const long = JSON.stringify({ blob: 'x'.repeat(9000) });
    const all = [...stored, cipher.seal('events', long)];
    const { bytes, ranges } = packed(all);
    const open = sealedBytesOpener((id) => keys.get(id));
    expect(ranges.map(([s, e]) => open(bytes, s, e))).toEqual([...texts, long]);
  });

  it('refuses a payload whose data key did not come along, a tampered tag or ciphertext, and malformed text', () => {
    const { bytes, ranges } = packed(stored);
    const onlyEvents = sealedBytesOpener((id) => (id === sealedKeyId(stored[0]) ? keys.get(id) : undefined));
    expect(() => onlyEvents(bytes, ...ranges[3])).toThrow(/did not come with its batch/);

    const tampered = (part: number) => {
      const parts = stored[0].split('.');
      const raw = Buffer.from(parts[part], 'base64url');
      raw[0] ^= 1;
      parts[part] = raw.toString('base64url');
      const b = Buffer.from(parts.join('.'));
      return () => sealedBytesOpener((id) => keys.get(id))(b, 0, b.length);
    };
    expect(tampered(5)).toThrow(); // tag
    expect(tampered(6)).toThrow(); // ciphertext
    expect(tampered(4)).toThrow(); // IV

    const bad = (text: string) => {
      const b = Buffer.from(text);
      return () => sealedBytesOpener((id) => keys.get(id))(b, 0, b.length);
    };
    const parts = stored[0].split('.');
    expect(bad([...parts.slice(0, 6), `${parts[6]}*`].join('.'))).toThrow(/base64url/);
    expect(bad(parts.slice(0, 6).join('.'))).toThrow(/six parts/);
    expect(bad(`${parts.slice(0, 2).join('.')}.x.${parts.slice(2).join('.')}`)).toThrow(/six parts/);
  });
});
