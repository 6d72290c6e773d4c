import { describe, expect, it } from 'vitest';
import { casbinRules } from './casbin-rules.js';

describe('casbinRules', () => {
  const csv = '# roles\np, admin, *, *\n\np, auditor, acme-eu, evidence, read\ng, alice, admin\ng, bob, auditor, acme-eu\n';

  it('puts rules written without a domain in every domain of a model with domains', () => {
    expect(casbinRules(csv, { p: 4, g: 3 }).split('\n')).toEqual(['p, admin, *, *, *', 'p, auditor, acme-eu, evidence, read', 'g, alice, admin, *', 'g, bob, auditor, acme-eu']);
  });

  it('leaves rules as written (without comments) for a model without domains', () => {
    expect(casbinRules(csv, { p: 3, g: 2 }).split('\n')).toEqual(['p, admin, *, *', 'p, auditor, acme-eu, evidence, read', 'g, alice, admin', 'g, bob, auditor, acme-eu']);
  });
});
