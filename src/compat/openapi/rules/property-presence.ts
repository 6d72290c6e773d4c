import type { Rule } from './rule.js';

/** Properties added to or removed from request and response bodies. */
export const propertyPresence: Rule = {
  name: 'property-presence',
  kinds: ['property-added', 'property-removed', 'property-became-not-write-only'],
  checks: [
    { id: 'new-required-request-property', level: 'breaking', messages: { required: 'Request property `{propertyPath}` is new and required; existing clients do not send it and will be rejected.' }, description: 'A request body gained a required property; existing clients do not send it.', example: "required: [name] → required: [name, email] with `email` new" },
    { id: 'new-required-request-property-with-default', level: 'breaking', messages: { required: 'Request property `{propertyPath}` is new and required; existing clients do not send it and will be rejected.' }, description: 'A request body gained a required property that has a default; clients still must send it.', example: 'new required `region` with `default: eu`' },
    { id: 'new-optional-request-property', level: 'info', messages: { added: 'Request property `{propertyPath}` was added as optional.' }, description: 'A request body gained an optional property.', example: 'properties: {name} → {name, nickname}' },
    { id: 'request-property-removed', level: 'warning', messages: { removed: 'Request property `{propertyPath}` was removed; clients that still send it may be rejected or see it ignored.' }, description: 'A request body property was removed; clients that still send it may be rejected or ignored.', example: 'properties: {name, fax} → {name}' },
    { id: 'response-required-property-added', level: 'info', messages: { added: '{status} response property `{propertyPath}` was added (required).' }, description: 'A response gained a required property.', example: 'required: [id] → [id, created]' },
    { id: 'response-optional-property-added', level: 'info', messages: { added: '{status} response property `{propertyPath}` was added (optional).' }, description: 'A response gained an optional property.', example: 'properties: {id} → {id, label}' },
    { id: 'response-required-property-removed', level: 'breaking', messages: { removed: 'Required {status} response property `{propertyPath}` was removed; clients that read it will fail.' }, description: 'A required response property was removed; clients that read it break.', example: 'required: [id, name] with `name` removed' },
    { id: 'response-optional-property-removed', level: 'warning', messages: { removed: 'Optional {status} response property `{propertyPath}` was removed; clients that read it will get nothing.' }, description: 'An optional response property was removed; clients that read it get nothing.', example: 'properties: {id, nickname} → {id}' },
    { id: 'response-required-property-became-not-write-only', level: 'warning', messages: { exposed: 'Response property `{propertyPath}` ({status}) is no longer write-only and is required; clients will start receiving it.' }, description: 'A required property that was write-only now appears in responses.', example: 'password: {writeOnly: true} → {}' },
  ],
  judge(f, ctx) {
    const name = String(f.data.name);
    const propertyPath = ctx.property ? `${ctx.property}.${name}` : name;
    const request = ctx.direction === 'request';
    if (f.kind === 'property-became-not-write-only') {
      if (request) return undefined;
      return { id: 'response-required-property-became-not-write-only', messageId: 'exposed', data: { propertyPath, status: ctx.status } };
    }
    if (f.kind === 'property-added') {
      if (request) {
        if (f.data.readOnly) return undefined;
        if (f.data.required) return { id: f.data.hasDefault ? 'new-required-request-property-with-default' : 'new-required-request-property', messageId: 'required', data: { propertyPath } };
        return { id: 'new-optional-request-property', messageId: 'added', data: { propertyPath } };
      }
      if (f.data.writeOnly) return undefined;
      return { id: f.data.required ? 'response-required-property-added' : 'response-optional-property-added', messageId: 'added', data: { propertyPath, status: ctx.status } };
    }
    if (request) {
      if (f.data.readOnly) return undefined;
      return { id: 'request-property-removed', messageId: 'removed', data: { propertyPath } };
    }
    if (f.data.writeOnly) return undefined;
    return { id: f.data.required ? 'response-required-property-removed' : 'response-optional-property-removed', messageId: 'removed', data: { propertyPath, status: ctx.status } };
  },
};
