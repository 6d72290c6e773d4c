import { describe, expect, it } from 'vitest';
import { parseDay } from './dates.js';
import { BASE_WORKSPACE, EXAMPLE_NOW } from './examples/base.js';
import { loadExample, overlay } from './examples/load.js';
import { rules } from './rules/index.js';
import { policyCode, runPolicies } from './run.js';

const now = parseDay(EXAMPLE_NOW)!;

describe('doc examples are executed', () => {
  it('the base workspace passes every rule', async () => {
    const { model, diagnostics, ok } = await loadExample(BASE_WORKSPACE);
    expect(diagnostics).toEqual([]);
    expect(ok).toBe(true);
    const result = await runPolicies(model, { now });
    expect(result.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    expect(result.value.rules).toEqual(rules.map((r) => r.meta.id));
  });

  for (const rule of rules) {
    it(`${rule.meta.id}: the failing example fails it and the passing example passes it`, async () => {
      const failing = await loadExample(overlay(rule.meta.docs.failing));
      expect(failing.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const f = await runPolicies(failing.model, { now, rules: [rule] });
      expect(f.diagnostics.filter((d) => d.code === policyCode(rule.meta.id)).length).toBeGreaterThan(0);

      const passing = await loadExample(overlay(rule.meta.docs.passing));
      expect(passing.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const p = await runPolicies(passing.model, { now, rules: [rule] });
      expect(p.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
    });
  }
});
