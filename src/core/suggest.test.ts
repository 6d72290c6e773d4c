import { describe, expect, it } from 'vitest';
import { closestMatches, editDistance } from './suggest.js';

describe('closestMatches', () => {
  it('measures edits', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
  it('suggests near names only, closest first', () => {
    expect(closestMatches('servicenw', ['servicenow', 'salesforce', 'slack'])).toEqual(['servicenow']);
    expect(closestMatches('zzz', ['servicenow'])).toEqual([]);
    expect(closestMatches('getIncidnt', ['getIncident', 'getIncidents', 'createIncident'])).toEqual(['getIncident', 'getIncidents']);
  });
});
