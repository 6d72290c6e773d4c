import type { Rule } from './rule.js';

/** Request bodies and their media types. */
export const requestBody: Rule = {
  name: 'request-body',
  kinds: ['request-body-added', 'request-body-removed', 'request-body-became-required', 'request-body-became-optional', 'request-media-type-added', 'request-media-type-removed'],
  checks: [
    { id: 'request-body-added-required', level: 'breaking', description: 'An operation now requires a request body.', example: 'requestBody: {required: true} added' },
    { id: 'request-body-added-optional', level: 'info', description: 'An operation now accepts an optional request body.', example: 'requestBody added' },
    { id: 'request-body-removed', level: 'breaking', description: 'An operation no longer accepts a request body; clients that send one may be rejected.', example: 'requestBody removed' },
    { id: 'request-body-became-required', level: 'breaking', description: 'An optional request body became required.', example: 'required: false → true' },
    { id: 'request-body-became-optional', level: 'info', description: 'A required request body became optional.', example: 'required: true → false' },
    { id: 'request-body-media-type-added', level: 'info', description: 'A request body accepts a new media type.', example: 'content: {application/json} → {application/json, application/xml}' },
    { id: 'request-body-media-type-removed', level: 'breaking', description: 'A request body no longer accepts a media type clients may send.', example: 'content: {application/json, application/xml} → {application/json}' },
  ],
  judge(f) {
    const media = f.data.mediaType ? `\`${String(f.data.mediaType)}\`` : '';
    switch (f.kind) {
      case 'request-body-added':
        return f.data.required
          ? { id: 'request-body-added-required', message: 'A required request body was added; existing clients send none and will be rejected. Make it optional, or announce a new major version.' }
          : { id: 'request-body-added-optional', message: 'An optional request body was added.' };
      case 'request-body-removed':
        return { id: 'request-body-removed', message: 'The request body was removed; clients that send one may be rejected. Keep accepting it until clients stop sending it.' };
      case 'request-body-became-required':
        return { id: 'request-body-became-required', message: 'The request body became required; clients that send none will be rejected.' };
      case 'request-body-became-optional':
        return { id: 'request-body-became-optional', message: 'The request body became optional.' };
      case 'request-media-type-added':
        return { id: 'request-body-media-type-added', message: `The request body now also accepts ${media}.` };
      default:
        return { id: 'request-body-media-type-removed', message: `The request body no longer accepts ${media}; clients that send it will be rejected. Keep accepting it, or announce a new major version.` };
    }
  },
};
