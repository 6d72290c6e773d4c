import type { Rule } from './rule.js';

/** Properties added to or removed from request and response bodies. */
export const propertyPresence: Rule = {
  name: 'property-presence',
  kinds: ['property-added', 'property-removed', 'property-became-not-write-only'],
  checks: [
    { id: 'new-required-request-property', level: 'breaking', description: 'A request body gained a required property; existing clients do not send it.', example: "required: [name] → required: [name, email] with `email` new" },
    { id: 'new-required-request-property-with-default', level: 'breaking', description: 'A request body gained a required property that has a default; clients still must send it.', example: 'new required `region` with `default: eu`' },
    { id: 'new-optional-request-property', level: 'info', description: 'A request body gained an optional property.', example: 'properties: {name} → {name, nickname}' },
    { id: 'request-property-removed', level: 'warning', description: 'A request body property was removed; clients that still send it may be rejected or ignored.', example: 'properties: {name, fax} → {name}' },
    { id: 'response-required-property-added', level: 'info', description: 'A response gained a required property.', example: 'required: [id] → [id, created]' },
    { id: 'response-optional-property-added', level: 'info', description: 'A response gained an optional property.', example: 'properties: {id} → {id, label}' },
    { id: 'response-required-property-removed', level: 'breaking', description: 'A required response property was removed; clients that read it break.', example: 'required: [id, name] with `name` removed' },
    { id: 'response-optional-property-removed', level: 'warning', description: 'An optional response property was removed; clients that read it get nothing.', example: 'properties: {id, nickname} → {id}' },
    { id: 'response-required-property-became-not-write-only', level: 'warning', description: 'A required property that was write-only now appears in responses.', example: 'password: {writeOnly: true} → {}' },
  ],
  judge(f, ctx) {
    const name = String(f.data.name);
    const full = ctx.property ? `${ctx.property}.${name}` : name;
    const request = ctx.direction === 'request';
    if (f.kind === 'property-became-not-write-only') {
      if (request) return undefined;
      return { id: 'response-required-property-became-not-write-only', message: `Response property \`${full}\` (${ctx.status}) is no longer write-only and is required; clients will start receiving it.` };
    }
    if (f.kind === 'property-added') {
      if (request) {
        if (f.data.readOnly) return undefined;
        if (f.data.required) {
          const id = f.data.hasDefault ? 'new-required-request-property-with-default' : 'new-required-request-property';
          return { id, message: `Request property \`${full}\` is new and required; existing clients do not send it and will be rejected. Make it optional (with a server-side default) or announce a new major version.` };
        }
        return { id: 'new-optional-request-property', message: `Request property \`${full}\` was added as optional.` };
      }
      if (f.data.writeOnly) return undefined;
      return f.data.required
        ? { id: 'response-required-property-added', message: `${ctx.status} response property \`${full}\` was added (required).` }
        : { id: 'response-optional-property-added', message: `${ctx.status} response property \`${full}\` was added (optional).` };
    }
    if (request) {
      if (f.data.readOnly) return undefined;
      return { id: 'request-property-removed', message: `Request property \`${full}\` was removed; clients that still send it may be rejected or see it ignored. Keep accepting it until clients stop sending it.` };
    }
    if (f.data.writeOnly) return undefined;
    return f.data.required
      ? { id: 'response-required-property-removed', message: `Required ${ctx.status} response property \`${full}\` was removed; clients that read it will fail. Keep returning it, or deprecate it with a sunset date first.` }
      : { id: 'response-optional-property-removed', message: `Optional ${ctx.status} response property \`${full}\` was removed; clients that read it will get nothing. Deprecate it first if clients rely on it.` };
  },
};
