import { ALL_PREFIXES, family, show, subject, type Rule } from './rule.js';

/** Default values: a changed default for a parameter silently changes what requests mean. */
export const defaultValue: Rule = {
  name: 'default-value',
  kinds: ['default-changed'],
  checks: family(ALL_PREFIXES, 'default-value-changed', (_d, prefix) => (prefix === 'request-parameter' ? 'breaking' : 'info'), 'The default value of {where} changed.', 'default: 10 → default: 50'),
  judge(f, ctx) {
    const p = ctx.prefix!;
    const change = `from ${show(f.data.from)} to ${show(f.data.to)}`;
    return {
      id: `${p}-default-value-changed`,
      message:
        p === 'request-parameter'
          ? `The default of ${subject(ctx)} changed ${change}; clients that omit it now get different behaviour. Keep the old default, or announce a new major version.`
          : `The default of ${subject(ctx)} changed ${change}.`,
    };
  },
};
