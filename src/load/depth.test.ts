import { describe, expect, it } from 'vitest';
import { tooDeepOffset, tooDeepPointer } from './depth.js';

/** `{a: {a: … {a: 1}}}` with `levels` objects. */
function nested(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

describe('tooDeepPointer', () => {
  it('finds the same first too-deep pointer with and without the tree walk, at the bound and past it', () => {
    for (const levels of [1, 4, 5, 6, 300]) {
      const v = { x: 'scalar', y: [null, nested(levels)] };
      expect(tooDeepPointer(v, 6, true), `levels ${levels}`).toBe(tooDeepPointer(v, 6, false));
    }
    expect(tooDeepPointer({ y: [nested(4)] }, 6, true)).toBeUndefined();
    expect(tooDeepPointer({ y: [nested(5)] }, 6, true)).toBe('/y/0/a/0/a/0');
  });

  it('walks a document of 10,000 levels without overflowing the stack', () => {
    expect(tooDeepPointer(nested(10_000), 256, true)).toMatch(/^\/0\/a/);
  });
});

describe('tooDeepOffset', () => {
  it('counts brackets outside strings, block strings and comments, and gives the offset past the bound', () => {
    const inert = '"[[[[" """ {{{{ \\n (((( """ # [[[[\n "a\\"[[[["';
    expect(tooDeepOffset(`type Q { x: ${inert} [String] }`, 2)).toBeUndefined();
    const deep = `type Q { x: ${inert} [[String]] }`;
    expect(tooDeepOffset(deep, 2)).toBe(deep.lastIndexOf('[[') + 1);
    expect(tooDeepOffset('{ a: "unterminated [[[[\n [[ ] ] }', 2)).toBe('{ a: "unterminated [[[[\n ['.length);
  });
});
