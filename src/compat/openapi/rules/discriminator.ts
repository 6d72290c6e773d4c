import { ALL_PREFIXES, family, show, subject, type Rule } from './rule.js';

const KINDS = ['discriminator-added', 'discriminator-removed', 'discriminator-property-name-changed', 'discriminator-mapping-added', 'discriminator-mapping-deleted', 'discriminator-mapping-changed'] as const;

/** Discriminators of polymorphic schemas (informational: the alternatives themselves are compared). */
export const discriminator: Rule = {
  name: 'discriminator',
  kinds: KINDS,
  checks: KINDS.flatMap((k) => family(ALL_PREFIXES, k, () => 'info', `The discriminator of {where}: ${k.replace('discriminator-', '').replace(/-/g, ' ')}.`, 'discriminator: {propertyName: kind}')),
  judge(f, ctx) {
    const detail = f.data.values !== undefined ? ` (${show(f.data.values)})` : f.data.from !== undefined ? ` (${show(f.data.from)} → ${show(f.data.to)})` : '';
    return { id: `${ctx.prefix}-${f.kind}`, message: `Discriminator of ${subject(ctx)}: ${f.kind.replace('discriminator-', '').replace(/-/g, ' ')}${detail}.` };
  },
};
