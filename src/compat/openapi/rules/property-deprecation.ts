import { parseSunset } from '../lifecycle.js';
import type { Rule } from './rule.js';

/** Properties deprecated or reactivated; a stable operation's deprecation must carry a valid sunset. */
export const propertyDeprecation: Rule = {
  name: 'property-deprecation',
  kinds: ['deprecated', 'reactivated'],
  checks: (['request', 'response'] as const).flatMap((d) => [
    { id: `${d}-property-deprecated`, level: 'info' as const, description: `A ${d} property was deprecated.`, example: 'deprecated: true' },
    { id: `${d}-property-deprecated-with-sunset`, level: 'info' as const, description: `A ${d} property was deprecated with a sunset date.`, example: "deprecated: true, x-sunset: '2027-01-01'" },
    { id: `${d}-property-deprecated-sunset-missing`, level: 'breaking' as const, description: `A ${d} property of a stable operation was deprecated without a sunset date.`, example: 'deprecated: true (no x-sunset) on x-stability-level: stable' },
    { id: `${d}-property-deprecated-sunset-invalid`, level: 'breaking' as const, description: `A ${d} property was deprecated with an unreadable sunset date.`, example: "x-sunset: 'soon'" },
    { id: `${d}-property-reactivated`, level: 'info' as const, description: `A deprecated ${d} property is no longer deprecated.`, example: 'deprecated: true → (removed)' },
  ]),
  judge(f, ctx) {
    if (!ctx.property || !ctx.direction) return undefined;
    const d = ctx.direction;
    const name = `${d === 'request' ? 'Request' : `${ctx.status} response`} property \`${ctx.property}\``;
    if (f.kind === 'reactivated') return { id: `${d}-property-reactivated`, message: `${name} is no longer deprecated.` };
    const sunset = parseSunset(typeof f.data.sunset === 'string' ? f.data.sunset : undefined);
    if (sunset.kind === 'invalid') return { id: `${d}-property-deprecated-sunset-invalid`, message: `${name} was deprecated with x-sunset '${sunset.raw}', which is not a date; write it as YYYY-MM-DD.` };
    if (sunset.kind === 'date') return { id: `${d}-property-deprecated-with-sunset`, message: `${name} was deprecated; sunset ${sunset.raw}.` };
    if (ctx.operation?.stability === 'stable') return { id: `${d}-property-deprecated-sunset-missing`, message: `${name} of a stable operation was deprecated without x-sunset; add a sunset date so clients know when it goes.` };
    return { id: `${d}-property-deprecated`, message: `${name} was deprecated.` };
  },
};
