import { describe, expect, it } from 'vitest';
import { describeRuleFromCatalogues } from './sarif-rules.js';

describe('describeRuleFromCatalogues', () => {
  it('describes compat checks and policy rules from their metadata; unknown ids fall back', () => {
    const compat = describeRuleFromCatalogues('request-parameter-removed', 'compat');
    expect(compat?.shortDescription.length).toBeGreaterThan(10);
    expect(compat?.help).toContain('docs/compat/rules.md');
    const policy = describeRuleFromCatalogues('policy/retention', 'diagnostic');
    expect(policy?.help).toContain('docs/policy/retention.md');
    expect(policy?.fullDescription?.length).toBeGreaterThan(10);
    expect(describeRuleFromCatalogues('schema', 'diagnostic')).toBeUndefined();
    expect(describeRuleFromCatalogues('no-such-check', 'compat')).toBeUndefined();
  });
});
