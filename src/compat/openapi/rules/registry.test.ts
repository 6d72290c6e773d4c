import { describe, expect, it } from 'vitest';
import { FINDING_KINDS } from './finding-kind.js';
import { CHECKS, RULES } from './index.js';

describe('rule registry', () => {
  it('is sorted by name and every id is declared once', () => {
    const names = RULES.map((r) => r.name);
    expect(names).toEqual([...names].sort());
    const ids = RULES.flatMap((r) => r.checks.map((c) => c.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(CHECKS.size).toBe(ids.length);
  });
  it('gives every check a description and an example', () => {
    for (const c of CHECKS.values()) {
      expect(c.description.length, c.id).toBeGreaterThan(10);
      expect(c.example.length, c.id).toBeGreaterThan(3);
    }
  });
  it('lets no two rules judge the same finding kind', () => {
    const kinds = RULES.flatMap((r) => r.kinds);
    expect(new Set(kinds).size).toBe(kinds.length);
  });
  it('tells the author what to do instead of every breaking or warning change', () => {
    for (const c of CHECKS.values()) {
      expect(c.direction, c.id).toMatch(/^(request|response|none)$/);
      if (c.level !== 'info') expect(c.reason?.length, c.id).toBeGreaterThan(20);
    }
  });
  it('judges every finding kind the differ can emit', () => {
    expect(RULES.flatMap((r) => r.kinds).sort()).toEqual([...FINDING_KINDS].sort());
  });
  it('keeps the oasdiff ids the fixtures use for the same meaning', () => {
    for (const id of ['api-path-removed-without-deprecation', 'request-parameter-removed', 'new-required-request-parameter', 'request-parameter-became-required', 'response-required-property-removed', 'response-success-status-removed', 'request-property-enum-value-removed', 'response-property-enum-value-added']) {
      expect(CHECKS.has(id), id).toBe(true);
    }
    expect(CHECKS.get('response-property-enum-value-added')!.level).toBe('warning');
    expect(CHECKS.get('response-property-enum-value-removed')!.level).toBe('info');
  });
});
