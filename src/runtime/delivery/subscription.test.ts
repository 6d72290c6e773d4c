import { describe, expect, it } from 'vitest';
import { matchesAny, matchesPattern } from './subscription.js';

describe('event type patterns', () => {
  it.each([
    ['incident.created', 'incident.created', true],
    ['incident.created', 'incident.updated', false],
    ['incident.*', 'incident.created', true],
    ['incident.*', 'incident.sla.breached', false],
    ['incident.*', 'incident', false],
    ['incident.**', 'incident.sla.breached', true],
    ['incident.**', 'incident', true],
    ['**', 'anything.at.all', true],
    ['*.created', 'incident.created', true],
    ['shipment.exception.*', 'shipment.exception.delayed', true],
    ['a.**.z', 'a.b.c.z', true],
    ['a.**.z', 'a.b.c', false],
    ['incident', 'incidents', false],
  ])('%s vs %s → %s', (pattern, type, expected) => {
    expect(matchesPattern(pattern, type)).toBe(expected);
  });

  it('matches a list when any pattern does', () => {
    expect(matchesAny(['a.b', 'c.*'], 'c.d')).toBe(true);
    expect(matchesAny([], 'c.d')).toBe(false);
    expect(matchesAny(undefined, 'c.d')).toBe(false);
  });
});
