import { ALL_PREFIXES, family, place, type Rule } from './rule.js';

/** Default values: a changed default for a parameter silently changes what requests mean. */
export const defaultValue: Rule = {
  name: 'default-value',
  kinds: ['default-changed'],
  checks: family(ALL_PREFIXES, 'default-value-changed', (_d, prefix) => (prefix === 'request-parameter' ? 'breaking' : 'info'), 'The default value of {where} changed.', 'default: 10 → default: 50', (_d, prefix): Record<string, string> =>
    prefix === 'request-parameter'
      ? { changed: 'The default of {what} changed from {from:value} to {to:value}.', 'changed-meaning': 'The default of {what} changed from {from:value} to {to:value}; clients that omit it now get different behaviour.' }
      : { changed: 'The default of {what} changed from {from:value} to {to:value}.' },
  ),
  judge(f, ctx) {
    const p = ctx.prefix!;
    return { id: `${p}-default-value-changed`, messageId: p === 'request-parameter' ? 'changed-meaning' : 'changed', data: { place: place(ctx), from: f.data.from ?? null, to: f.data.to ?? null } };
  },
};
