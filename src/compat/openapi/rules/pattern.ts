import { ALL_PREFIXES, byDirection, family, show, subject, type Rule } from './rule.js';

/** Regular-expression patterns on strings. */
export const pattern: Rule = {
  name: 'pattern',
  kinds: ['pattern-added', 'pattern-removed', 'pattern-changed'],
  checks: [
    ...family(ALL_PREFIXES, 'pattern-added', byDirection('breaking', 'info'), 'A pattern was added to {where}.', "pattern: '^[a-z]+$' added"),
    ...family(ALL_PREFIXES, 'pattern-removed', () => 'info', 'The pattern of {where} was removed.', "pattern: '^[a-z]+$' removed"),
    ...family(ALL_PREFIXES, 'pattern-changed', byDirection('warning', 'info'), 'The pattern of {where} changed; check that old values still match.', "pattern: '^[a-z]+$' → '^[a-z0-9]+$'"),
  ],
  judge(f, ctx) {
    const what = subject(ctx);
    const request = ctx.direction === 'request';
    if (f.kind === 'pattern-added') return { id: `${ctx.prefix}-pattern-added`, message: request ? `${what} must now match ${show(f.data.to)}; values clients send today may be rejected. Validate softly first, or announce a new major version.` : `${what} now matches ${show(f.data.to)}.` };
    if (f.kind === 'pattern-removed') return { id: `${ctx.prefix}-pattern-removed`, message: `The pattern ${show(f.data.from)} of ${what} was removed.` };
    return { id: `${ctx.prefix}-pattern-changed`, message: `The pattern of ${what} changed from ${show(f.data.from)} to ${show(f.data.to)}${request ? '; make sure every value that matched before still matches.' : '.'}` };
  },
};
