import { formatDate, parseSunset, sunsetMovedTooEarly, sunsetPassed } from '../lifecycle.js';
import type { Parameter } from '../../../contract/openapi/operations.js';
import type { Rule } from './rule.js';

function p(f: { data: Record<string, unknown> }): Parameter {
  return f.data.parameter as Parameter;
}
function name(param: Parameter): string {
  return `${param.in} parameter \`${param.name}\``;
}

/** Request parameters added, removed, made required or optional, deprecated. */
export const requestParameter: Rule = {
  name: 'request-parameter',
  kinds: ['parameter-added', 'parameter-removed', 'parameter-became-required', 'parameter-became-optional', 'parameter-deprecated', 'parameter-reactivated', 'parameter-sunset-changed'],
  checks: [
    { id: 'new-required-request-parameter', level: 'breaking', description: 'An operation gained a required parameter; existing clients do not send it.', example: 'parameters: [] → [{name: tenant, in: query, required: true}]' },
    { id: 'new-optional-request-parameter', level: 'info', description: 'An operation gained an optional parameter.', example: 'parameters: [] → [{name: limit, in: query}]' },
    { id: 'new-required-request-default-parameter-to-existing-path', level: 'breaking', description: 'A path item gained a required parameter shared by its operations.', example: 'paths./x.parameters: [] → [{required: true}]' },
    { id: 'new-optional-request-default-parameter-to-existing-path', level: 'info', description: 'A path item gained an optional parameter shared by its operations.', example: 'paths./x.parameters: [] → [{name: q, in: query}]' },
    { id: 'request-parameter-removed', level: 'warning', description: 'A request parameter was removed; clients that still send it see it ignored or rejected.', example: 'parameters: [{name: sort}] → []' },
    { id: 'request-parameter-removed-before-sunset', level: 'breaking', description: 'A deprecated parameter was removed before its sunset date.', example: "x-sunset: '2030-01-01', removed in 2026" },
    { id: 'request-parameter-sunset-parse', level: 'breaking', description: "A parameter's sunset date cannot be read.", example: "x-sunset: 'soon'" },
    { id: 'request-parameter-became-required', level: 'breaking', description: 'An optional parameter became required.', example: 'required: false → required: true' },
    { id: 'request-parameter-became-optional', level: 'info', description: 'A required parameter became optional.', example: 'required: true → required: false' },
    { id: 'request-parameter-deprecated-sunset-missing', level: 'breaking', description: 'A parameter of a stable operation (x-stability-level stable or unspecified) was deprecated without a sunset date; clients cannot plan the migration.', example: 'deprecated: true (no x-sunset)' },
    { id: 'request-parameter-deprecated', level: 'info', description: 'A parameter was deprecated.', example: 'deprecated: true' },
    { id: 'request-parameter-reactivated', level: 'info', description: 'A deprecated parameter is no longer deprecated.', example: 'deprecated: true → (removed)' },
    { id: 'request-parameter-sunset-deleted', level: 'breaking', description: "A deprecated parameter's sunset date was removed.", example: "x-sunset: '2027-01-01' → (removed)" },
    { id: 'request-parameter-sunset-date-changed-too-small', level: 'breaking', description: "A deprecated parameter's sunset date was moved earlier, to a date already past; clients planned against the old date.", example: "x-sunset: '2030-01-01' → '2020-01-01'" },
    { id: 'request-parameter-sunset-changed', level: 'info', description: "A deprecated parameter's sunset date changed.", example: "x-sunset: '2027-01-01' → '2028-01-01'" },
  ],
  judge(f, ctx) {
    const param = p(f);
    switch (f.kind) {
      case 'parameter-added':
        if (param.required) {
          return {
            id: param.pathLevel && !f.data.newPath ? 'new-required-request-default-parameter-to-existing-path' : 'new-required-request-parameter',
            message: `Required ${name(param)} was added; existing clients do not send it and will be rejected. Make it optional with a default, or announce a new major version.`,
          };
        }
        return { id: param.pathLevel ? 'new-optional-request-default-parameter-to-existing-path' : 'new-optional-request-parameter', message: `Optional ${name(param)} was added.` };
      case 'parameter-removed': {
        const sunset = parseSunset(param.sunset);
        if (param.deprecated) {
          if (sunset.kind === 'invalid') return { id: 'request-parameter-sunset-parse', message: `Deprecated ${name(param)} was removed, but its x-sunset '${sunset.raw}' is not a date; write it as YYYY-MM-DD.` };
          if (sunset.kind === 'date' && !sunsetPassed(sunset, ctx.now)) return { id: 'request-parameter-removed-before-sunset', message: `${name(param)} was removed before its sunset date ${formatDate(sunset.date)}; keep it until then.` };
          return undefined; // deprecated and past its sunset (or none given): removal is the plan
        }
        return { id: 'request-parameter-removed', message: `${name(param)} was removed; clients that still send it will see it ignored or rejected. Deprecate it with an x-sunset date first.` };
      }
      case 'parameter-became-required':
        return { id: 'request-parameter-became-required', message: `${name(param)} became required; clients that omit it will be rejected. Keep it optional with a default, or announce a new major version.` };
      case 'parameter-became-optional':
        return { id: 'request-parameter-became-optional', message: `${name(param)} became optional.` };
      case 'parameter-deprecated': {
        const sunset = parseSunset(param.sunset);
        if (sunset.kind === 'invalid') return { id: 'request-parameter-sunset-parse', message: `${name(param)} was deprecated with x-sunset '${sunset.raw}', which is not a date; write it as YYYY-MM-DD.` };
        const stability = ctx.operation?.stability;
        if (sunset.kind === 'none' && (stability === undefined || stability === 'stable')) {
          return { id: 'request-parameter-deprecated-sunset-missing', message: `${name(param)} was deprecated without an x-sunset date; clients cannot plan the migration. Add x-sunset (YYYY-MM-DD).` };
        }
        return { id: 'request-parameter-deprecated', message: `${name(param)} was deprecated${sunset.kind === 'date' ? `; sunset ${sunset.raw}` : ''}.` };
      }
      case 'parameter-reactivated':
        return { id: 'request-parameter-reactivated', message: `${name(param)} is no longer deprecated.` };
      default: {
        const from = parseSunset(f.data.from as string | undefined);
        const to = parseSunset(param.sunset);
        if (from.kind === 'invalid' || to.kind === 'invalid') return { id: 'request-parameter-sunset-parse', message: `${name(param)} has an x-sunset that is not a date; write it as YYYY-MM-DD.` };
        if (to.kind === 'none') return { id: 'request-parameter-sunset-deleted', message: `${name(param)} is still deprecated but its sunset date was removed; keep the date clients were given.` };
        if (sunsetMovedTooEarly(from, to, ctx.now)) {
          return { id: 'request-parameter-sunset-date-changed-too-small', message: `The sunset of ${name(param)} moved earlier, from ${from.kind === 'date' ? from.raw : ''} to ${to.raw}, a date already past; clients were promised the old date. Keep it or move it later.` };
        }
        return { id: 'request-parameter-sunset-changed', message: `The sunset of ${name(param)} changed to ${to.raw}.` };
      }
    }
  },
};
