import type { Rule } from './rule.js';

/** Request bodies and their media types. */
export const requestBody: Rule = {
  name: 'request-body',
  kinds: ['request-body-added', 'request-body-removed', 'request-body-became-required', 'request-body-became-optional', 'request-media-type-added', 'request-media-type-removed'],
  checks: [
    { id: 'request-body-added-required', messages: { added: 'A required request body was added; existing clients send none and will be rejected.' }, level: 'breaking', description: 'An operation now requires a request body.', example: 'requestBody: {required: true} added' },
    { id: 'request-body-added-optional', messages: { added: 'An optional request body was added.' }, level: 'info', description: 'An operation now accepts an optional request body.', example: 'requestBody added' },
    { id: 'request-body-removed', messages: { removed: 'The request body was removed; clients that send one may be rejected.' }, level: 'breaking', description: 'An operation no longer accepts a request body; clients that send one may be rejected.', example: 'requestBody removed' },
    { id: 'request-body-became-required', messages: { required: 'The request body became required; clients that send none will be rejected.' }, level: 'breaking', description: 'An optional request body became required.', example: 'required: false → true' },
    { id: 'request-body-became-optional', messages: { optional: 'The request body became optional.' }, level: 'info', description: 'A required request body became optional.', example: 'required: true → false' },
    { id: 'request-body-media-type-added', messages: { added: 'The request body now also accepts `{mediaType}`.' }, level: 'info', description: 'A request body accepts a new media type.', example: 'content: {application/json} → {application/json, application/xml}' },
    { id: 'request-body-media-type-removed', messages: { removed: 'The request body no longer accepts `{mediaType}`; clients that send it will be rejected.' }, level: 'breaking', description: 'A request body no longer accepts a media type clients may send.', example: 'content: {application/json, application/xml} → {application/json}' },
  ],
  judge(f) {
    switch (f.kind) {
      case 'request-body-added':
        return { id: f.data.required ? 'request-body-added-required' : 'request-body-added-optional', messageId: 'added' };
      case 'request-body-removed':
        return { id: 'request-body-removed', messageId: 'removed' };
      case 'request-body-became-required':
        return { id: 'request-body-became-required', messageId: 'required' };
      case 'request-body-became-optional':
        return { id: 'request-body-became-optional', messageId: 'optional' };
      case 'request-media-type-added':
        return { id: 'request-body-media-type-added', messageId: 'added', data: { mediaType: String(f.data.mediaType) } };
      default:
        return { id: 'request-body-media-type-removed', messageId: 'removed', data: { mediaType: String(f.data.mediaType) } };
    }
  },
};
