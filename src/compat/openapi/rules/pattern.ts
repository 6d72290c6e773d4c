import { ALL_PREFIXES, byDirection, family, perDirection, place, type Rule } from './rule.js';

/** Regular-expression patterns on strings. */
export const pattern: Rule = {
  name: 'pattern',
  kinds: ['pattern-added', 'pattern-removed', 'pattern-changed'],
  checks: [
    ...family(ALL_PREFIXES, 'pattern-added', byDirection('breaking', 'info'), 'A pattern was added to {where}.', "pattern: '^[a-z]+$' added", perDirection({ added: '{What} must now match {to:value}; values clients send today may be rejected.' }, { added: '{What} now matches {to:value}.' })),
    ...family(ALL_PREFIXES, 'pattern-removed', () => 'info', 'The pattern of {where} was removed.', "pattern: '^[a-z]+$' removed", { removed: 'The pattern {from:value} of {what} was removed.' }),
    ...family(ALL_PREFIXES, 'pattern-changed', byDirection('warning', 'info'), 'The pattern of {where} changed; check that old values still match.', "pattern: '^[a-z]+$' → '^[a-z0-9]+$'", { changed: 'The pattern of {what} changed from {from:value} to {to:value}.' }),
  ],
  judge(f, ctx) {
    const where = place(ctx);
    if (f.kind === 'pattern-added') return { id: `${ctx.prefix}-pattern-added`, messageId: 'added', data: { place: where, to: f.data.to ?? null } };
    if (f.kind === 'pattern-removed') return { id: `${ctx.prefix}-pattern-removed`, messageId: 'removed', data: { place: where, from: f.data.from ?? null } };
    return { id: `${ctx.prefix}-pattern-changed`, messageId: 'changed', data: { place: where, from: f.data.from ?? null, to: f.data.to ?? null } };
  },
};
