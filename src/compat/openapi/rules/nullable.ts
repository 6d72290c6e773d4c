import { ALL_PREFIXES, byDirection, family, perDirection, place, type Rule } from './rule.js';

/** Nullability: requests may start accepting null, responses must not start sending it. */
export const nullable: Rule = {
  name: 'nullable',
  kinds: ['became-nullable', 'became-not-nullable'],
  checks: [
    ...family(ALL_PREFIXES, 'became-nullable', byDirection('info', 'breaking'), '{where} now allows null.', 'nullable: false → nullable: true', perDirection({ nullable: '{What} now accepts null.' }, { nullable: '{What} may now be null; clients that do not expect null will fail.' })),
    ...family(ALL_PREFIXES, 'became-not-nullable', byDirection('breaking', 'info'), '{where} no longer allows null.', "type: [string, 'null'] → type: string", perDirection({ 'not-nullable': '{What} no longer accepts null; clients that send null will be rejected.' }, { 'not-nullable': '{What} is no longer null.' })),
  ],
  judge(f, ctx) {
    return f.kind === 'became-nullable'
      ? { id: `${ctx.prefix}-became-nullable`, messageId: 'nullable', data: { place: place(ctx) } }
      : { id: `${ctx.prefix}-became-not-nullable`, messageId: 'not-nullable', data: { place: place(ctx) } };
  },
};
