import { describe, expect, it } from 'vitest';
import { parseSunset, stabilityRank, sunsetPassed } from './lifecycle.js';

describe('parseSunset', () => {
  it.each([
    ['2022-08-10', 'date'],
    ['2022-08-10T00:00:00Z', 'date'],
    ['2022-02-30', 'invalid'],
    ['next year', 'invalid'],
    [undefined, 'none'],
  ])('%s → %s', (raw, kind) => {
    expect(parseSunset(raw).kind).toBe(kind);
  });
  it('compares with the injected now, not the clock', () => {
    const s = parseSunset('2030-01-01');
    expect(sunsetPassed(s, new Date('2029-12-31T00:00:00Z'))).toBe(false);
    expect(sunsetPassed(s, new Date('2030-01-02T00:00:00Z'))).toBe(true);
  });
  it('ranks stability levels, unknown ones undefined', () => {
    expect(stabilityRank('alpha')! < stabilityRank('stable')!).toBe(true);
    expect(stabilityRank('experimental')).toBeUndefined();
  });
});
