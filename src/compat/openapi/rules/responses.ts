import type { Rule } from './rule.js';

function success(status: string): boolean {
  return /^[23]/.test(status);
}

/** Response status codes (including ranges like `2XX` and `default`), media types and headers. */
export const responses: Rule = {
  name: 'responses',
  kinds: ['response-added', 'response-removed', 'response-media-type-added', 'response-media-type-removed', 'response-header-added', 'response-header-removed', 'response-header-became-optional', 'response-header-became-required'],
  checks: [
    { id: 'response-success-status-removed', messages: { removed: 'Response {status} was removed; clients that handle it will see an unexpected status.' }, level: 'breaking', description: 'A success (2xx/3xx) response status was removed; clients that handle it break.', example: "responses: {'200', '201'} → {'201'}" },
    { id: 'response-non-success-status-removed', messages: { removed: 'Error response {status} was removed from the description.' }, level: 'warning', description: 'An error response status was removed.', example: "responses: {'200', '404'} → {'200'}" },
    { id: 'response-success-status-added', messages: { added: 'Response {status} was added; clients should handle it.' }, level: 'info', description: 'A success response status was added; clients should handle it.', example: "responses: {'200'} → {'200', '202'}" },
    { id: 'response-non-success-status-added', messages: { added: 'Error response {status} was added.' }, level: 'info', description: 'An error response status was added.', example: "responses: {'200'} → {'200', '429'}" },
    { id: 'response-media-type-removed', messages: { removed: 'Response {status} is no longer available as `{mediaType}`; clients that ask for it break.' }, level: 'breaking', description: 'A response no longer comes in a media type clients may ask for.', example: 'content: {application/json, application/xml} → {application/json}' },
    { id: 'response-media-type-added', messages: { added: 'Response {status} is now also available as `{mediaType}`.' }, level: 'info', description: 'A response is also available in a new media type.', example: 'content: {application/json} → {application/json, text/csv}' },
    { id: 'required-response-header-removed', messages: { removed: 'Required header `{header}` of response {status} was removed; clients that read it break.' }, level: 'breaking', description: 'A required response header was removed.', example: 'headers: {X-Rate-Limit: {required: true}} → {}' },
    { id: 'optional-response-header-removed', messages: { removed: 'Header `{header}` of response {status} was removed; clients that read it get nothing.' }, level: 'warning', description: 'An optional response header was removed.', example: 'headers: {X-Trace} → {}' },
    { id: 'response-header-added', messages: { added: 'Header `{header}` was added to response {status}.' }, level: 'info', description: 'A response header was added.', example: 'headers: {} → {X-Trace}' },
    { id: 'response-header-became-optional', messages: { optional: 'Header `{header}` of response {status} became optional; clients that rely on it may find it missing.' }, level: 'breaking', description: 'A required response header became optional.', example: 'required: true → false' },
    { id: 'response-header-became-required', messages: { required: 'Header `{header}` of response {status} became required.' }, level: 'info', description: 'An optional response header became required.', example: 'required: false → true' },
  ],
  judge(f, ctx) {
    const status = String(f.data.status ?? ctx.status);
    switch (f.kind) {
      case 'response-removed':
        return { id: success(status) ? 'response-success-status-removed' : 'response-non-success-status-removed', messageId: 'removed', data: { status } };
      case 'response-added':
        return { id: success(status) ? 'response-success-status-added' : 'response-non-success-status-added', messageId: 'added', data: { status } };
      case 'response-media-type-removed':
        return { id: 'response-media-type-removed', messageId: 'removed', data: { status, mediaType: String(f.data.mediaType) } };
      case 'response-media-type-added':
        return { id: 'response-media-type-added', messageId: 'added', data: { status, mediaType: String(f.data.mediaType) } };
      case 'response-header-removed':
        return { id: f.data.required ? 'required-response-header-removed' : 'optional-response-header-removed', messageId: 'removed', data: { status, header: String(f.data.name) } };
      case 'response-header-added':
        return { id: 'response-header-added', messageId: 'added', data: { status, header: String(f.data.name) } };
      case 'response-header-became-optional':
        return { id: 'response-header-became-optional', messageId: 'optional', data: { status, header: String(f.data.name) } };
      default:
        return { id: 'response-header-became-required', messageId: 'required', data: { status, header: String(f.data.name) } };
    }
  },
};
