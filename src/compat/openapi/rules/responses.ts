import type { Rule } from './rule.js';

function success(status: string): boolean {
  return /^[23]/.test(status);
}

/** Response status codes (including ranges like `2XX` and `default`), media types and headers. */
export const responses: Rule = {
  name: 'responses',
  kinds: ['response-added', 'response-removed', 'response-media-type-added', 'response-media-type-removed', 'response-header-added', 'response-header-removed', 'response-header-became-optional', 'response-header-became-required'],
  checks: [
    { id: 'response-success-status-removed', level: 'breaking', description: 'A success (2xx/3xx) response status was removed; clients that handle it break.', example: "responses: {'200', '201'} → {'201'}" },
    { id: 'response-non-success-status-removed', level: 'warning', description: 'An error response status was removed.', example: "responses: {'200', '404'} → {'200'}" },
    { id: 'response-success-status-added', level: 'info', description: 'A success response status was added; clients should handle it.', example: "responses: {'200'} → {'200', '202'}" },
    { id: 'response-non-success-status-added', level: 'info', description: 'An error response status was added.', example: "responses: {'200'} → {'200', '429'}" },
    { id: 'response-media-type-removed', level: 'breaking', description: 'A response no longer comes in a media type clients may ask for.', example: 'content: {application/json, application/xml} → {application/json}' },
    { id: 'response-media-type-added', level: 'info', description: 'A response is also available in a new media type.', example: 'content: {application/json} → {application/json, text/csv}' },
    { id: 'required-response-header-removed', level: 'breaking', description: 'A required response header was removed.', example: 'headers: {X-Rate-Limit: {required: true}} → {}' },
    { id: 'optional-response-header-removed', level: 'warning', description: 'An optional response header was removed.', example: 'headers: {X-Trace} → {}' },
    { id: 'response-header-added', level: 'info', description: 'A response header was added.', example: 'headers: {} → {X-Trace}' },
    { id: 'response-header-became-optional', level: 'breaking', description: 'A required response header became optional.', example: 'required: true → false' },
    { id: 'response-header-became-required', level: 'info', description: 'An optional response header became required.', example: 'required: false → true' },
  ],
  judge(f, ctx) {
    const status = String(f.data.status ?? ctx.status);
    switch (f.kind) {
      case 'response-removed':
        return success(status)
          ? { id: 'response-success-status-removed', message: `Response ${status} was removed; clients that handle it will see an unexpected status. Keep returning it, or announce a new major version.` }
          : { id: 'response-non-success-status-removed', message: `Error response ${status} was removed from the description.` };
      case 'response-added':
        return success(status)
          ? { id: 'response-success-status-added', message: `Response ${status} was added; clients should handle it.` }
          : { id: 'response-non-success-status-added', message: `Error response ${status} was added.` };
      case 'response-media-type-removed':
        return { id: 'response-media-type-removed', message: `Response ${status} is no longer available as \`${String(f.data.mediaType)}\`; clients that ask for it break. Keep producing it, or announce a new major version.` };
      case 'response-media-type-added':
        return { id: 'response-media-type-added', message: `Response ${status} is now also available as \`${String(f.data.mediaType)}\`.` };
      case 'response-header-removed':
        return f.data.required
          ? { id: 'required-response-header-removed', message: `Required header \`${String(f.data.name)}\` of response ${status} was removed; clients that read it break. Keep sending it.` }
          : { id: 'optional-response-header-removed', message: `Header \`${String(f.data.name)}\` of response ${status} was removed; clients that read it get nothing.` };
      case 'response-header-added':
        return { id: 'response-header-added', message: `Header \`${String(f.data.name)}\` was added to response ${status}.` };
      case 'response-header-became-optional':
        return { id: 'response-header-became-optional', message: `Header \`${String(f.data.name)}\` of response ${status} became optional; clients that rely on it may find it missing.` };
      default:
        return { id: 'response-header-became-required', message: `Header \`${String(f.data.name)}\` of response ${status} became required.` };
    }
  },
};
