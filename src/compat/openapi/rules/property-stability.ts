import { STABILITY_LEVELS, stabilityRank } from '../lifecycle.js';
import type { Rule } from './rule.js';

/** A property's own `x-stability-level` (draft < alpha < beta < stable; unspecified is stable). */
export const propertyStability: Rule = {
  name: 'property-stability',
  kinds: ['property-stability-changed'],
  checks: (['request', 'response'] as const).flatMap((d) => [
    { id: `${d}-property-stability-decreased`, level: 'breaking' as const, description: `A ${d} property's x-stability-level was lowered; clients relied on the old promise.`, example: 'x-stability-level: stable → beta' },
    { id: `${d}-property-stability-increased`, level: 'info' as const, description: `A ${d} property's x-stability-level was raised.`, example: 'x-stability-level: beta → stable' },
  ]),
  judge(f, ctx) {
    if (!ctx.property || !ctx.direction) return undefined;
    const d = ctx.direction;
    const from = f.data.from === undefined ? undefined : String(f.data.from);
    const to = f.data.to === undefined ? undefined : String(f.data.to);
    const rf = stabilityRank(from);
    const rt = stabilityRank(to);
    const name = `${d === 'request' ? 'Request' : `${ctx.status} response`} property \`${ctx.property}\``;
    // An unreadable level promises nothing a client can rely on; oasdiff reports it under the operation's
    // id (api-invalid-stability-level), declared by the api-deprecation rule.
    if (rf === undefined || rt === undefined) {
      return { id: 'api-invalid-stability-level', message: `${name} has x-stability-level '${rf === undefined ? from : to}', which is not one of ${STABILITY_LEVELS.join(', ')}.` };
    }
    if (rf === rt) return undefined;
    if (rt < rf) return { id: `${d}-property-stability-decreased`, message: `${name} dropped from stability ${from ?? 'stable'} to ${to ?? 'stable'} (of ${STABILITY_LEVELS.join(', ')}); clients relied on the old promise. Add a new property instead.` };
    return { id: `${d}-property-stability-increased`, message: `${name} changed stability from ${from ?? 'stable'} to ${to ?? 'stable'}.` };
  },
};
