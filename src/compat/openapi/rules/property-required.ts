import type { Rule } from './rule.js';

/** A property that exists on both sides changed between required and optional. */
export const propertyRequired: Rule = {
  name: 'property-required',
  kinds: ['property-became-required', 'property-became-optional'],
  checks: [
    { id: 'request-property-became-required', level: 'breaking', description: 'An optional request property became required; clients that omit it are rejected.', example: 'required: [] → required: [email]' },
    { id: 'request-property-became-optional', level: 'info', description: 'A required request property became optional.', example: 'required: [email] → required: []' },
    { id: 'response-property-became-optional', level: 'breaking', description: 'A required response property became optional; clients that rely on it may find it missing.', example: 'required: [id, name] → required: [id]' },
    { id: 'response-property-became-required', level: 'info', description: 'An optional response property became required.', example: 'required: [id] → required: [id, name]' },
  ],
  judge(f, ctx) {
    const name = String(f.data.name);
    const full = ctx.property ? `${ctx.property}.${name}` : name;
    if (ctx.direction === 'request') {
      if (f.data.readOnly) return undefined;
      return f.kind === 'property-became-required'
        ? { id: 'request-property-became-required', message: `Request property \`${full}\` became required; clients that omit it will be rejected. Keep it optional with a server-side default, or announce a new major version.` }
        : { id: 'request-property-became-optional', message: `Request property \`${full}\` became optional.` };
    }
    if (f.data.writeOnly) return undefined;
    return f.kind === 'property-became-optional'
      ? { id: 'response-property-became-optional', message: `${ctx.status} response property \`${full}\` became optional; clients that expect it may find it missing. Keep it required or deprecate it first.` }
      : { id: 'response-property-became-required', message: `${ctx.status} response property \`${full}\` became required.` };
  },
};
