import { formatDate, parseSunset, sunsetMovedTooEarly, sunsetPassed } from '../lifecycle.js';
import type { Parameter } from '../../../contract/openapi/operations.js';
import type { Rule } from './rule.js';

function p(f: { data: Record<string, unknown> }): Parameter {
  return f.data.parameter as Parameter;
}

/** Request parameters added, removed, made required or optional, deprecated. */
export const requestParameter: Rule = {
  name: 'request-parameter',
  kinds: ['parameter-added', 'parameter-removed', 'parameter-became-required', 'parameter-became-optional', 'parameter-deprecated', 'parameter-reactivated', 'parameter-sunset-changed'],
  checks: [
    { id: 'new-required-request-parameter', messages: { added: 'Required {in} parameter `{parameter}` was added; existing clients do not send it and will be rejected.' }, level: 'breaking', description: 'An operation gained a required parameter; existing clients do not send it.', example: 'parameters: [] → [{name: tenant, in: query, required: true}]' },
    { id: 'new-optional-request-parameter', messages: { added: 'Optional {in} parameter `{parameter}` was added.' }, level: 'info', description: 'An operation gained an optional parameter.', example: 'parameters: [] → [{name: limit, in: query}]' },
    { id: 'new-required-request-default-parameter-to-existing-path', messages: { added: 'Required {in} parameter `{parameter}` was added; existing clients do not send it and will be rejected.' }, level: 'breaking', description: 'A path item gained a required parameter shared by its operations.', example: 'paths./x.parameters: [] → [{required: true}]' },
    { id: 'new-optional-request-default-parameter-to-existing-path', messages: { added: 'Optional {in} parameter `{parameter}` was added.' }, level: 'info', description: 'A path item gained an optional parameter shared by its operations.', example: 'paths./x.parameters: [] → [{name: q, in: query}]' },
    { id: 'request-parameter-removed', messages: { removed: '{in} parameter `{parameter}` was removed; clients that still send it will see it ignored or rejected.' }, level: 'warning', description: 'A request parameter was removed; clients that still send it see it ignored or rejected.', example: 'parameters: [{name: sort}] → []' },
    { id: 'request-parameter-removed-before-sunset', messages: { early: '{in} parameter `{parameter}` was removed before its sunset date {sunset}.' }, level: 'breaking', description: 'A deprecated parameter was removed before its sunset date.', example: "x-sunset: '2030-01-01', removed in 2026" },
    { id: 'request-parameter-sunset-parse', messages: { 'removed-unreadable': "Deprecated {in} parameter `{parameter}` was removed, but its x-sunset '{sunset}' is not a date.", 'deprecated-unreadable': "{in} parameter `{parameter}` was deprecated with x-sunset '{sunset}', which is not a date.", unreadable: '{in} parameter `{parameter}` has an x-sunset that is not a date.' }, level: 'breaking', description: "A parameter's sunset date cannot be read.", example: "x-sunset: 'soon'" },
    { id: 'request-parameter-became-required', messages: { required: '{in} parameter `{parameter}` became required; clients that omit it will be rejected.' }, level: 'breaking', description: 'An optional parameter became required.', example: 'required: false → required: true' },
    { id: 'request-parameter-became-optional', messages: { optional: '{in} parameter `{parameter}` became optional.' }, level: 'info', description: 'A required parameter became optional.', example: 'required: true → required: false' },
    { id: 'request-parameter-deprecated-sunset-missing', messages: { 'no-sunset': '{in} parameter `{parameter}` was deprecated without an x-sunset date; clients cannot plan the migration.' }, level: 'breaking', description: 'A parameter of a stable operation (x-stability-level stable or unspecified) was deprecated without a sunset date; clients cannot plan the migration.', example: 'deprecated: true (no x-sunset)' },
    { id: 'request-parameter-deprecated', messages: { deprecated: '{in} parameter `{parameter}` was deprecated.', 'with-sunset': '{in} parameter `{parameter}` was deprecated; sunset {sunset}.' }, level: 'info', description: 'A parameter was deprecated.', example: 'deprecated: true' },
    { id: 'request-parameter-reactivated', messages: { reactivated: '{in} parameter `{parameter}` is no longer deprecated.' }, level: 'info', description: 'A deprecated parameter is no longer deprecated.', example: 'deprecated: true → (removed)' },
    { id: 'request-parameter-sunset-deleted', messages: { deleted: '{in} parameter `{parameter}` is still deprecated but its sunset date was removed.' }, level: 'breaking', description: "A deprecated parameter's sunset date was removed.", example: "x-sunset: '2027-01-01' → (removed)" },
    { id: 'request-parameter-sunset-date-changed-too-small', messages: { earlier: 'The sunset of {in} parameter `{parameter}` moved earlier, from {from} to {to}, a date already past; clients were promised the old date.' }, level: 'breaking', description: "A deprecated parameter's sunset date was moved earlier, to a date already past; clients planned against the old date.", example: "x-sunset: '2030-01-01' → '2020-01-01'" },
    { id: 'request-parameter-sunset-changed', messages: { changed: 'The sunset of {in} parameter `{parameter}` changed to {to}.' }, level: 'info', description: "A deprecated parameter's sunset date changed.", example: "x-sunset: '2027-01-01' → '2028-01-01'" },
  ],
  judge(f, ctx) {
    const param = p(f);
    const named = { in: param.in, parameter: param.name };
    switch (f.kind) {
      case 'parameter-added':
        if (param.required) return { id: param.pathLevel && !f.data.newPath ? 'new-required-request-default-parameter-to-existing-path' : 'new-required-request-parameter', messageId: 'added', data: named };
        return { id: param.pathLevel ? 'new-optional-request-default-parameter-to-existing-path' : 'new-optional-request-parameter', messageId: 'added', data: named };
      case 'parameter-removed': {
        const sunset = parseSunset(param.sunset);
        if (param.deprecated) {
          if (sunset.kind === 'invalid') return { id: 'request-parameter-sunset-parse', messageId: 'removed-unreadable', data: { ...named, sunset: sunset.raw } };
          if (sunset.kind === 'date' && !sunsetPassed(sunset, ctx.now)) return { id: 'request-parameter-removed-before-sunset', messageId: 'early', data: { ...named, sunset: formatDate(sunset.date) } };
          return undefined; // deprecated and past its sunset (or none given): removal is the plan
        }
        return { id: 'request-parameter-removed', messageId: 'removed', data: named };
      }
      case 'parameter-became-required':
        return { id: 'request-parameter-became-required', messageId: 'required', data: named };
      case 'parameter-became-optional':
        return { id: 'request-parameter-became-optional', messageId: 'optional', data: named };
      case 'parameter-deprecated': {
        const sunset = parseSunset(param.sunset);
        if (sunset.kind === 'invalid') return { id: 'request-parameter-sunset-parse', messageId: 'deprecated-unreadable', data: { ...named, sunset: sunset.raw } };
        const stability = ctx.operation?.stability;
        if (sunset.kind === 'none' && (stability === undefined || stability === 'stable')) return { id: 'request-parameter-deprecated-sunset-missing', messageId: 'no-sunset', data: named };
        return sunset.kind === 'date' ? { id: 'request-parameter-deprecated', messageId: 'with-sunset', data: { ...named, sunset: sunset.raw } } : { id: 'request-parameter-deprecated', messageId: 'deprecated', data: named };
      }
      case 'parameter-reactivated':
        return { id: 'request-parameter-reactivated', messageId: 'reactivated', data: named };
      default: {
        const from = parseSunset(f.data.from as string | undefined);
        const to = parseSunset(param.sunset);
        if (from.kind === 'invalid' || to.kind === 'invalid') return { id: 'request-parameter-sunset-parse', messageId: 'unreadable', data: named };
        if (to.kind === 'none') return { id: 'request-parameter-sunset-deleted', messageId: 'deleted', data: named };
        if (sunsetMovedTooEarly(from, to, ctx.now)) return { id: 'request-parameter-sunset-date-changed-too-small', messageId: 'earlier', data: { ...named, from: from.kind === 'date' ? from.raw : '', to: to.raw } };
        return { id: 'request-parameter-sunset-changed', messageId: 'changed', data: { ...named, to: to.raw } };
      }
    }
  },
};
