import { parseSunset, STABILITY_LEVELS, stabilityRank, sunsetMovedTooEarly } from '../lifecycle.js';
import type { Rule } from './rule.js';

/** Deprecating operations, their sunset dates and stability levels. */
export const apiDeprecation: Rule = {
  name: 'api-deprecation',
  kinds: ['operation-deprecated', 'operation-reactivated', 'sunset-changed', 'stability-changed'],
  checks: [
    { id: 'endpoint-deprecated', level: 'info', description: 'An operation was deprecated.', example: 'deprecated: true' },
    { id: 'endpoint-deprecated-with-sunset', level: 'info', description: 'An operation was deprecated with a sunset date.', example: "deprecated: true, x-sunset: '2027-01-01'" },
    { id: 'api-deprecated-sunset-missing', level: 'breaking', description: 'A stable operation (x-stability-level stable or unspecified) was deprecated without a sunset date; clients cannot plan the migration. Draft, alpha and beta operations may be deprecated without one.', example: 'deprecated: true (no x-sunset)' },
    { id: 'api-deprecated-sunset-parse', level: 'breaking', description: "A deprecated operation's sunset date cannot be read.", example: "x-sunset: 'soon'" },
    { id: 'endpoint-reactivated', level: 'info', description: 'A deprecated operation is no longer deprecated.', example: 'deprecated: true → (removed)' },
    { id: 'sunset-deleted', level: 'breaking', description: "A deprecated operation's sunset date was removed.", example: "x-sunset: '2027-01-01' → (removed)" },
    { id: 'api-sunset-date-changed-too-small', level: 'breaking', description: "A deprecated operation's sunset date was moved earlier, to a date already past (oasdiff's default minimum of 0 days); clients planned against the old date.", example: "x-sunset: '2030-01-01' → '2020-01-01'" },
    { id: 'api-sunset-date-changed', level: 'info', description: "A deprecated operation's sunset date was moved later, or earlier to a date still ahead.", example: "x-sunset: '2027-01-01' → '2028-01-01'" },
    { id: 'api-stability-decreased', level: 'breaking', description: "An operation's x-stability-level was lowered.", example: 'x-stability-level: stable → beta' },
    { id: 'api-stability-increased', level: 'info', description: "An operation's x-stability-level was raised (or set or cleared).", example: 'x-stability-level: beta → stable' },
    { id: 'api-invalid-stability-level', level: 'breaking', description: `An operation's x-stability-level is not one of ${STABILITY_LEVELS.join(', ')}.`, example: 'x-stability-level: experimental' },
  ],
  judge(f, ctx) {
    const op = ctx.operation;
    const what = op ? `${op.method.toUpperCase()} ${op.path}` : 'The operation';
    switch (f.kind) {
      case 'operation-deprecated': {
        const sunset = parseSunset(op?.sunset);
        if (sunset.kind === 'invalid') return { id: 'api-deprecated-sunset-parse', message: `${what} was deprecated with x-sunset '${sunset.raw}', which is not a date; write it as YYYY-MM-DD.` };
        if (sunset.kind === 'date') return { id: 'endpoint-deprecated-with-sunset', message: `${what} was deprecated; sunset ${sunset.raw}.` };
        // Only stable operations (stable or unspecified) promise a sunset date; draft, alpha and beta may go without one.
        if (op?.stability !== undefined && op.stability !== 'stable') return { id: 'endpoint-deprecated', message: `${what} (x-stability-level: ${op.stability}) was deprecated.` };
        return { id: 'api-deprecated-sunset-missing', message: `${what} was deprecated without an x-sunset date; clients cannot plan the migration. Add x-sunset (YYYY-MM-DD).` };
      }
      case 'operation-reactivated':
        return { id: 'endpoint-reactivated', message: `${what} is no longer deprecated.` };
      case 'sunset-changed': {
        const from = parseSunset(f.data.from as string | undefined);
        const to = parseSunset(f.data.to as string | undefined);
        if (to.kind === 'invalid' || from.kind === 'invalid') return { id: 'api-path-sunset-parse', message: `${what} has an x-sunset that is not a date ('${to.kind === 'invalid' ? to.raw : from.kind === 'invalid' ? from.raw : ''}'); write it as YYYY-MM-DD.` };
        if (to.kind === 'none') return { id: 'sunset-deleted', message: `${what} is still deprecated but its sunset date was removed; keep the date clients were given.` };
        if (sunsetMovedTooEarly(from, to, ctx.now)) return { id: 'api-sunset-date-changed-too-small', message: `The sunset of ${what} moved earlier, from ${from.kind === 'date' ? from.raw : ''} to ${to.raw}, a date already past; clients were promised the old date. Keep it or move it later.` };
        return { id: 'api-sunset-date-changed', message: `The sunset of ${what} moved from ${from.kind === 'date' ? from.raw : 'none'} to ${to.raw}.` };
      }
      default: {
        const from = f.data.from as string | undefined;
        const to = f.data.to as string | undefined;
        const rf = stabilityRank(from);
        const rt = stabilityRank(to);
        if (rf === undefined || rt === undefined) return { id: 'api-invalid-stability-level', message: `${what} has x-stability-level '${rf === undefined ? from : to}', which is not one of ${STABILITY_LEVELS.join(', ')}.` };
        // An unspecified level is stable.
        if (rt === rf) return undefined;
        if (rt < rf) return { id: 'api-stability-decreased', message: `${what} dropped from stability ${from ?? 'stable'} to ${to ?? 'stable'}; clients relied on the old promise. Add a new operation instead.` };
        return { id: 'api-stability-increased', message: `${what} changed stability from ${from ?? 'stable'} to ${to ?? 'stable'}.` };
      }
    }
  },
};
