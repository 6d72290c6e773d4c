import { describe, expect, it } from 'vitest';
import { formatChecked } from './diagnostics-text.js';

describe('formatChecked', () => {
  it('counts kinds in the plural past one, and API descriptions', () => {
    expect(formatChecked({ kinds: { Vendor: 1, Contract: 5, RiskPolicy: 1, TransportPolicy: 2, Ruleset: 3 }, apis: 5 })).toBe(
      'Checked 1 Vendor, 5 Contracts, 1 RiskPolicy, 2 TransportPolicies, 3 Rulesets and 5 API descriptions.',
    );
    expect(formatChecked({ kinds: {}, apis: 1 })).toBe('Checked 1 API description.');
  });
});
