import { describe, expect, it } from 'vitest';
import { changesFor, changeTableProblems, changeTester } from '../../../test/support/change-tester.js';
import { messageProblems } from '../../report/compat-change-message.js';
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

  it('fails an example whose change lacks a fact its template names', () => {
    // The tester requires messageProblems(change) to be empty; a template naming a key the rule does not set shows up there.
    const [c] = changesFor(RULE_EXAMPLES.enum[0], EXAMPLE_BASE);
    expect(messageProblems(c)).toEqual([]);
    const { values: _dropped, ...rest } = c.data;
    expect(messageProblems({ ...c, data: rest })).toEqual([expect.stringContaining('no value for {values}') as unknown]);
    expect(messageProblems({ ...c, messageId: 'no-such-message' })).toEqual([expect.stringContaining("no template 'no-such-message'") as unknown]);
  });

  it('covers every rule module with an example', () => {
    expect(RULES.map((r) => r.name).filter((n) => !RULE_EXAMPLES[n]?.length)).toEqual([]);
  });
});
