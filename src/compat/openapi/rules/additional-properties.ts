import { ALL_PREFIXES, byDirection, family, perDirection, place, type Rule } from './rule.js';

/** An object schema that allowed extra properties now forbids them. */
export const additionalProperties: Rule = {
  name: 'additional-properties',
  kinds: ['additional-properties-closed'],
  checks: family(ALL_PREFIXES, 'additional-properties-closed', byDirection('warning', 'info'), '{where} no longer allows properties it does not list.', 'additionalProperties: true → false', perDirection(
    { closed: '{What} no longer allows unlisted properties; clients that send extra fields will be rejected.' },
    { closed: '{What} no longer contains unlisted properties.' },
  )),
  judge(_f, ctx) {
    return { id: `${ctx.prefix}-additional-properties-closed`, messageId: 'closed', data: { place: place(ctx) } };
  },
};
