import { parseSunset } from '../lifecycle.js';
import type { CheckMeta } from '../../change.js';
import type { Rule } from './rule.js';

/** Properties deprecated or reactivated; a stable operation's deprecation must carry a valid sunset. */
export const propertyDeprecation: Rule = {
  name: 'property-deprecation',
  kinds: ['deprecated', 'reactivated'],
  checks: (['request', 'response'] as const).flatMap((d): CheckMeta[] => {
    const name = `${d === 'request' ? 'Request' : '{status} response'} property \`{propertyPath}\``;
    return [
    { id: `${d}-property-deprecated`, level: 'info', messages: { deprecated: `${name} was deprecated.` }, description: `A ${d} property was deprecated.`, example: 'deprecated: true' },
    { id: `${d}-property-deprecated-with-sunset`, level: 'info', messages: { deprecated: `${name} was deprecated; sunset {sunset}.` }, description: `A ${d} property was deprecated with a sunset date.`, example: "deprecated: true, x-sunset: '2027-01-01'" },
    { id: `${d}-property-deprecated-sunset-missing`, level: 'breaking', messages: { 'no-sunset': `${name} of a stable operation was deprecated without x-sunset.` }, description: `A ${d} property of a stable operation was deprecated without a sunset date.`, example: 'deprecated: true (no x-sunset) on x-stability-level: stable' },
    { id: `${d}-property-deprecated-sunset-invalid`, level: 'breaking', messages: { unreadable: `${name} was deprecated with x-sunset '{sunset}', which is not a date.` }, description: `A ${d} property was deprecated with an unreadable sunset date.`, example: "x-sunset: 'soon'" },
      { id: `${d}-property-reactivated`, level: 'info', messages: { reactivated: `${name} is no longer deprecated.` }, description: `A deprecated ${d} property is no longer deprecated.`, example: 'deprecated: true → (removed)' },
    ];
  }),
  judge(f, ctx) {
    if (!ctx.property || !ctx.direction) return undefined;
    const d = ctx.direction;
    const named = d === 'request' ? { propertyPath: ctx.property } : { propertyPath: ctx.property, status: ctx.status };
    if (f.kind === 'reactivated') return { id: `${d}-property-reactivated`, messageId: 'reactivated', data: named };
    const sunset = parseSunset(typeof f.data.sunset === 'string' ? f.data.sunset : undefined);
    if (sunset.kind === 'invalid') return { id: `${d}-property-deprecated-sunset-invalid`, messageId: 'unreadable', data: { ...named, sunset: sunset.raw } };
    if (sunset.kind === 'date') return { id: `${d}-property-deprecated-with-sunset`, messageId: 'deprecated', data: { ...named, sunset: sunset.raw } };
    if (ctx.operation?.stability === 'stable') return { id: `${d}-property-deprecated-sunset-missing`, messageId: 'no-sunset', data: named };
    return { id: `${d}-property-deprecated`, messageId: 'deprecated', data: named };
  },
};
