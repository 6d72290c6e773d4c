import type { Rule } from './rule.js';

/** A property that exists on both sides changed between required and optional. */
export const propertyRequired: Rule = {
  name: 'property-required',
  kinds: ['property-became-required', 'property-became-optional'],
  checks: [
    { id: 'request-property-became-required', level: 'breaking', messages: { required: 'Request property `{propertyPath}` became required; clients that omit it will be rejected.' }, description: 'An optional request property became required; clients that omit it are rejected.', example: 'required: [] → required: [email]' },
    { id: 'request-property-became-optional', level: 'info', messages: { optional: 'Request property `{propertyPath}` became optional.' }, description: 'A required request property became optional.', example: 'required: [email] → required: []' },
    { id: 'response-property-became-optional', level: 'breaking', messages: { optional: '{status} response property `{propertyPath}` became optional; clients that expect it may find it missing.' }, description: 'A required response property became optional; clients that rely on it may find it missing.', example: 'required: [id, name] → required: [id]' },
    { id: 'response-property-became-required', level: 'info', messages: { required: '{status} response property `{propertyPath}` became required.' }, description: 'An optional response property became required.', example: 'required: [id] → required: [id, name]' },
  ],
  judge(f, ctx) {
    const name = String(f.data.name);
    const propertyPath = ctx.property ? `${ctx.property}.${name}` : name;
    if (ctx.direction === 'request') {
      if (f.data.readOnly) return undefined;
      return f.kind === 'property-became-required'
        ? { id: 'request-property-became-required', messageId: 'required', data: { propertyPath } }
        : { id: 'request-property-became-optional', messageId: 'optional', data: { propertyPath } };
    }
    if (f.data.writeOnly) return undefined;
    return f.kind === 'property-became-optional'
      ? { id: 'response-property-became-optional', messageId: 'optional', data: { propertyPath, status: ctx.status } }
      : { id: 'response-property-became-required', messageId: 'required', data: { propertyPath, status: ctx.status } };
  },
};
