import { describe, expect, it } from 'vitest';
import { applyTransform } from './transform.js';

describe('event transform', () => {
  const data = { incidentNumber: 'INC1', shipmentNumber: 'S9', summary: 'late', secret: 'x' };

  it('picks, then renames, then sets', () => {
    expect(
      applyTransform(data, {
        pick: ['incidentNumber', 'summary', 'missing'],
        rename: { incidentNumber: 'customfield_10058' },
        set: { source: 'interlock', summary: 'overridden' },
      }),
    ).toEqual({ customfield_10058: 'INC1', summary: 'overridden', source: 'interlock' });
  });

  it('passes data through without a transform, and leaves non-objects alone', () => {
    expect(applyTransform(data, undefined)).toEqual(data);
    expect(applyTransform([1, 2], { pick: ['a'] })).toEqual([1, 2]);
    expect(applyTransform('text', { set: { a: 1 } })).toBe('text');
  });

  it('does not mutate its input', () => {
    const input = { a: 1 };
    applyTransform(input, { rename: { a: 'b' }, set: { c: 2 } });
    expect(input).toEqual({ a: 1 });
  });
});
