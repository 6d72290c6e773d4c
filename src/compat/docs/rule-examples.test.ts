import { describe, expect, it } from 'vitest';
import { changeTableProblems, changeTester } from '../../../test/support/change-tester.js';
import { RULES } from '../openapi/rules/index.js';
import { EXAMPLE_BASE, RULE_EXAMPLES, type ChangeExample } from './rule-examples.js';

// The examples docs/compat/rules.md shows, run: the page cannot show a change the code does not make.
for (const [rule, examples] of Object.entries(RULE_EXAMPLES)) {
  if (examples.length) changeTester(`docs/compat/rules.md: ${rule}`, examples, EXAMPLE_BASE);
}

describe('the change tester', () => {
  it('refuses a case that expects nothing, a duplicate and an unknown id', () => {
    const c: ChangeExample = { title: 'x', at: '/info/title', after: 'y', expect: [] };
    expect(changeTableProblems([c, c, { ...c, title: 'z', at: '/a', expect: [{ id: 'no-such-rule', level: 'info', messageId: 'x' }] }])).toEqual([
      "'x': a case must expect at least one change (an unchanged level is an info change to expect)",
      "duplicate case 'x'",
      "'x': a case must expect at least one change (an unchanged level is an info change to expect)",
      "'z': unknown rule id 'no-such-rule'",
    ]);
  });

  it('covers every rule module with an example', () => {
    expect(RULES.map((r) => r.name).filter((n) => !RULE_EXAMPLES[n]?.length)).toEqual([]);
  });
});
