import { ALL_PREFIXES, family, place, type Rule } from './rule.js';

const KINDS = ['discriminator-added', 'discriminator-removed', 'discriminator-property-name-changed', 'discriminator-mapping-added', 'discriminator-mapping-deleted', 'discriminator-mapping-changed'] as const;

/** Discriminators of polymorphic schemas (informational: the alternatives themselves are compared). */
export const discriminator: Rule = {
  name: 'discriminator',
  kinds: KINDS,
  checks: KINDS.flatMap((k) => {
    const what = k.replace('discriminator-', '').replace(/-/g, ' ');
    return family(ALL_PREFIXES, k, () => 'info', `The discriminator of {where}: ${what}.`, 'discriminator: {propertyName: kind}', {
      changed: `Discriminator of {what}: ${what}.`,
      values: `Discriminator of {what}: ${what} ({values:value}).`,
      'from-to': `Discriminator of {what}: ${what} ({from:value} → {to:value}).`,
    });
  }),
  judge(f, ctx) {
    const where = place(ctx);
    if (f.data.values !== undefined) return { id: `${ctx.prefix}-${f.kind}`, messageId: 'values', data: { place: where, values: f.data.values } };
    if (f.data.from !== undefined) return { id: `${ctx.prefix}-${f.kind}`, messageId: 'from-to', data: { place: where, from: f.data.from, to: f.data.to ?? null } };
    return { id: `${ctx.prefix}-${f.kind}`, messageId: 'changed', data: { place: where } };
  },
};
