import { ALL_PREFIXES, byDirection, family, subject, type Rule } from './rule.js';

/** Nullability: requests may start accepting null, responses must not start sending it. */
export const nullable: Rule = {
  name: 'nullable',
  kinds: ['became-nullable', 'became-not-nullable'],
  checks: [
    ...family(ALL_PREFIXES, 'became-nullable', byDirection('info', 'breaking'), '{where} now allows null.', 'nullable: false → nullable: true'),
    ...family(ALL_PREFIXES, 'became-not-nullable', byDirection('breaking', 'info'), '{where} no longer allows null.', "type: [string, 'null'] → type: string"),
  ],
  judge(f, ctx) {
    const what = subject(ctx);
    const request = ctx.direction === 'request';
    if (f.kind === 'became-nullable') {
      return { id: `${ctx.prefix}-became-nullable`, message: request ? `${cap(what)} now accepts null.` : `${cap(what)} may now be null; clients that do not expect null will fail. Omit the value instead, or announce a new major version.` };
    }
    return { id: `${ctx.prefix}-became-not-nullable`, message: request ? `${cap(what)} no longer accepts null; clients that send null will be rejected. Keep accepting null, or announce a new major version.` : `${cap(what)} is no longer null.` };
  },
};

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
