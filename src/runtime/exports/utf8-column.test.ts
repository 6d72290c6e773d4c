import { describe, expect, it } from 'vitest';
import { detachBounds, utf8Column } from './utf8-column.js';

const encoder = new TextEncoder();
const TEXTS = ['', 'SHP-2026-0000001', 'é', 'naïve café', '😀x', 'a\ud800b', '\udc00', '€'.repeat(40)];

describe('utf8Column', () => {
  it('gives the bytes a TextEncoder gives, null and other values as they are', () => {
    const values = [...TEXTS, null, 3, ...TEXTS];
    const column = [...values];
    const out = utf8Column().views(column);
    expect(out).toBe(column);
    expect(out).toHaveLength(values.length);
    values.forEach((v, i) => {
      if (typeof v === 'string') expect(Array.from(out[i] as Uint8Array)).toEqual(Array.from(encoder.encode(v)));
      else expect(out[i]).toBe(v);
    });
    expect(out[0]).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(out[0])).toBe(false);
  });

  it('shares one view between equal strings of a repetitive column, and keeps distinct values past the sample', () => {
    const repetitive = Array.from({ length: 3000 }, (_, i) => ['delivered', 'in-transit', 'lost'][i % 3]);
    const out = utf8Column().views(repetitive);
    expect(out[3]).toBe(out[0]);
    expect(out[2999]).toBe(out[2]);
    const distinct = Array.from({ length: 3000 }, (_, i) => `c${i % 2500}@example.com`);
    const views = utf8Column().views(distinct);
    expect(Buffer.from(views[2999] as Uint8Array).toString('utf8')).toBe('c499@example.com');
    expect(Buffer.from(views[499] as Uint8Array).toString('utf8')).toBe('c499@example.com');
  });

  it('reuses its buffer from call to call, and moves to a larger one when a column outgrows it', () => {
    const column = utf8Column();
    const first = column.views(['abc']);
    // About 1.5 MB of UTF-8: more than the first buffer holds.
    const big = Array.from({ length: 100_000 }, (_, i) => `value-${i}-ü`);
    const second = column.views([...big]) as Uint8Array[];
    expect(second.map((view) => Buffer.from(view).toString('utf8'))).toEqual(big);
    expect(second[0].buffer).toBe((first[0] as Uint8Array).buffer);
    expect(second[99_999].buffer).not.toBe(second[0].buffer);
    const third = column.views(['xyz']);
    expect((third[0] as Uint8Array).buffer).toBe(second[99_999].buffer);
  });
});

describe('detachBounds', () => {
  it('copies byte bounds out of the shared buffer and leaves other bounds', () => {
    const [min, max] = utf8Column().views(['a', 'z']) as Uint8Array[];
    const stats = { min_value: min, max_value: max, null_count: 0n };
    detachBounds(stats);
    expect(stats.min_value).not.toBe(min);
    expect(stats.min_value.buffer).not.toBe(min.buffer);
    expect(Array.from(stats.min_value)).toEqual([0x61]);
    expect(Array.from(stats.max_value)).toEqual([0x7a]);
    const numbers = { min_value: 1, max_value: 2 };
    detachBounds(numbers);
    expect(numbers).toEqual({ min_value: 1, max_value: 2 });
    detachBounds(undefined);
  });
});
