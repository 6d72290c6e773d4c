import { parseSunset, STABILITY_LEVELS, stabilityRank, sunsetMovedTooEarly } from '../lifecycle.js';
import type { Rule } from './rule.js';

/** Deprecating operations, their sunset dates and stability levels. */
export const apiDeprecation: Rule = {
  name: 'api-deprecation',
  kinds: ['operation-deprecated', 'operation-reactivated', 'sunset-changed', 'stability-changed'],
  checks: [
    { id: 'endpoint-deprecated', level: 'info', messages: { deprecated: '{endpoint} (x-stability-level: {stability}) was deprecated.' }, description: 'An operation was deprecated.', example: 'deprecated: true' },
    { id: 'endpoint-deprecated-with-sunset', level: 'info', messages: { deprecated: '{endpoint} was deprecated; sunset {sunset}.' }, description: 'An operation was deprecated with a sunset date.', example: "deprecated: true, x-sunset: '2027-01-01'" },
    { id: 'api-deprecated-sunset-missing', level: 'breaking', messages: { 'no-sunset': '{endpoint} was deprecated without an x-sunset date; clients cannot plan the migration.' }, description: 'A stable operation (x-stability-level stable or unspecified) was deprecated without a sunset date; clients cannot plan the migration. Draft, alpha and beta operations may be deprecated without one.', example: 'deprecated: true (no x-sunset)' },
    { id: 'api-deprecated-sunset-parse', level: 'breaking', messages: { unreadable: "{endpoint} was deprecated with x-sunset '{sunset}', which is not a date." }, description: "A deprecated operation's sunset date cannot be read.", example: "x-sunset: 'soon'" },
    { id: 'endpoint-reactivated', level: 'info', messages: { reactivated: '{endpoint} is no longer deprecated.' }, description: 'A deprecated operation is no longer deprecated.', example: 'deprecated: true → (removed)' },
    { id: 'sunset-deleted', level: 'breaking', messages: { deleted: '{endpoint} is still deprecated but its sunset date was removed.' }, description: "A deprecated operation's sunset date was removed.", example: "x-sunset: '2027-01-01' → (removed)" },
    { id: 'api-sunset-date-changed-too-small', level: 'breaking', messages: { earlier: 'The sunset of {endpoint} moved earlier, from {from} to {to}, a date already past; clients were promised the old date.' }, description: "A deprecated operation's sunset date was moved earlier, to a date already past (oasdiff's default minimum of 0 days); clients planned against the old date.", example: "x-sunset: '2030-01-01' → '2020-01-01'" },
    { id: 'api-sunset-date-changed', level: 'info', messages: { moved: 'The sunset of {endpoint} moved from {from} to {to}.' }, description: "A deprecated operation's sunset date was moved later, or earlier to a date still ahead.", example: "x-sunset: '2027-01-01' → '2028-01-01'" },
    { id: 'api-stability-decreased', level: 'breaking', messages: { decreased: '{endpoint} dropped from stability {from} to {to}; clients relied on the old promise.' }, description: "An operation's x-stability-level was lowered.", example: 'x-stability-level: stable → beta' },
    { id: 'api-stability-increased', level: 'info', messages: { increased: '{endpoint} changed stability from {from} to {to}.' }, description: "An operation's x-stability-level was raised (or set or cleared).", example: 'x-stability-level: beta → stable' },
    { id: 'api-invalid-stability-level', level: 'breaking', messages: { invalid: "{endpoint} has x-stability-level '{value}', which is not one of {levels}.", 'request-property-invalid': "Request property `{propertyPath}` has x-stability-level '{value}', which is not one of {levels}.", 'response-property-invalid': "{status} response property `{propertyPath}` has x-stability-level '{value}', which is not one of {levels}." }, description: `An operation's x-stability-level is not one of ${STABILITY_LEVELS.join(', ')}.`, example: 'x-stability-level: experimental' },
  ],
  judge(f, ctx) {
    const op = ctx.operation;
    switch (f.kind) {
      case 'operation-deprecated': {
        const sunset = parseSunset(op?.sunset);
        if (sunset.kind === 'invalid') return { id: 'api-deprecated-sunset-parse', messageId: 'unreadable', data: { sunset: sunset.raw } };
        if (sunset.kind === 'date') return { id: 'endpoint-deprecated-with-sunset', messageId: 'deprecated', data: { sunset: sunset.raw } };
        // Only stable operations (stable or unspecified) promise a sunset date; draft, alpha and beta may go without one.
        if (op?.stability !== undefined && op.stability !== 'stable') return { id: 'endpoint-deprecated', messageId: 'deprecated', data: { stability: op.stability } };
        return { id: 'api-deprecated-sunset-missing', messageId: 'no-sunset' };
      }
      case 'operation-reactivated':
        return { id: 'endpoint-reactivated', messageId: 'reactivated' };
      case 'sunset-changed': {
        const from = parseSunset(f.data.from as string | undefined);
        const to = parseSunset(f.data.to as string | undefined);
        if (to.kind === 'invalid' || from.kind === 'invalid') return { id: 'api-path-sunset-parse', messageId: 'unreadable', data: { sunset: to.kind === 'invalid' ? to.raw : from.kind === 'invalid' ? from.raw : '' } };
        if (to.kind === 'none') return { id: 'sunset-deleted', messageId: 'deleted' };
        if (sunsetMovedTooEarly(from, to, ctx.now)) return { id: 'api-sunset-date-changed-too-small', messageId: 'earlier', data: { from: from.kind === 'date' ? from.raw : '', to: to.raw } };
        return { id: 'api-sunset-date-changed', messageId: 'moved', data: { from: from.kind === 'date' ? from.raw : 'none', to: to.raw } };
      }
      default: {
        const from = f.data.from as string | undefined;
        const to = f.data.to as string | undefined;
        const rf = stabilityRank(from);
        const rt = stabilityRank(to);
        if (rf === undefined || rt === undefined) return { id: 'api-invalid-stability-level', messageId: 'invalid', data: { value: rf === undefined ? from : to, levels: STABILITY_LEVELS } };
        // An unspecified level is stable.
        if (rt === rf) return undefined;
        if (rt < rf) return { id: 'api-stability-decreased', messageId: 'decreased', data: { from: from ?? 'stable', to: to ?? 'stable' } };
        return { id: 'api-stability-increased', messageId: 'increased', data: { from: from ?? 'stable', to: to ?? 'stable' } };
      }
    }
  },
};
