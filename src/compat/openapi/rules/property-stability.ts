import { STABILITY_LEVELS, stabilityRank } from '../lifecycle.js';
import type { CheckMeta } from '../../change.js';
import type { Rule } from './rule.js';

/** A property's own `x-stability-level` (draft < alpha < beta < stable; unspecified is stable). */
export const propertyStability: Rule = {
  name: 'property-stability',
  kinds: ['property-stability-changed'],
  checks: (['request', 'response'] as const).flatMap((d): CheckMeta[] => [
    { id: `${d}-property-stability-decreased`, level: 'breaking' as const, messages: { decreased: `${d === 'request' ? 'Request' : '{status} response'} property \`{propertyPath}\` dropped from stability {from} to {to} (of {levels}); clients relied on the old promise.` }, description: `A ${d} property's x-stability-level was lowered; clients relied on the old promise.`, example: 'x-stability-level: stable → beta' },
    { id: `${d}-property-stability-increased`, level: 'info' as const, messages: { increased: `${d === 'request' ? 'Request' : '{status} response'} property \`{propertyPath}\` changed stability from {from} to {to}.` }, description: `A ${d} property's x-stability-level was raised.`, example: 'x-stability-level: beta → stable' },
  ]),
  judge(f, ctx) {
    if (!ctx.property || !ctx.direction) return undefined;
    const d = ctx.direction;
    const from = f.data.from === undefined ? undefined : String(f.data.from);
    const to = f.data.to === undefined ? undefined : String(f.data.to);
    const rf = stabilityRank(from);
    const rt = stabilityRank(to);
    const side = d === 'request' ? {} : { status: ctx.status };
    // An unreadable level promises nothing a client can rely on; oasdiff reports it under the operation's
    // id (api-invalid-stability-level), declared by the api-deprecation rule.
    if (rf === undefined || rt === undefined) {
      return { id: 'api-invalid-stability-level', messageId: `${d}-property-invalid`, data: { propertyPath: ctx.property, ...side, value: rf === undefined ? from : to, levels: STABILITY_LEVELS } };
    }
    if (rf === rt) return undefined;
    if (rt < rf) return { id: `${d}-property-stability-decreased`, messageId: 'decreased', data: { propertyPath: ctx.property, ...side, from: from ?? 'stable', to: to ?? 'stable', levels: STABILITY_LEVELS } };
    return { id: `${d}-property-stability-increased`, messageId: 'increased', data: { propertyPath: ctx.property, ...side, from: from ?? 'stable', to: to ?? 'stable' } };
  },
};
