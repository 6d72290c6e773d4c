import { describe, expect, it } from 'vitest';
import { compareLists } from './list-compare.js';

describe('compareLists', () => {
  it('splits by key into added, removed and mutual', () => {
    const r = compareLists([{ k: 'a', v: 1 }, { k: 'b', v: 2 }], [{ k: 'b', v: 3 }, { k: 'c', v: 4 }], (x) => x.k, (x) => x.k);
    expect(r.removed.map((x) => x.k)).toEqual(['a']);
    expect(r.added.map((x) => x.k)).toEqual(['c']);
    expect(r.mutual.map(([b, h]) => [b.v, h.v])).toEqual([[2, 3]]);
  });
});
