import { formatDate, parseSunset, sunsetPassed } from '../lifecycle.js';
import type { Operation } from '../../../contract/openapi/operations.js';
import type { Rule } from './rule.js';

function label(op: Operation | undefined): string {
  return op ? `${op.method.toUpperCase()} ${op.path}` : 'the operation';
}

/** Operations and paths added or removed; removal is allowed once the base's sunset date has passed. */
export const apiLifecycle: Rule = {
  name: 'api-lifecycle',
  kinds: ['operation-removed', 'operation-added'],
  checks: [
    { id: 'api-path-removed-without-deprecation', level: 'breaking', description: 'A path was removed without being deprecated first.', example: 'paths: {/users, /legacy} → {/users}' },
    { id: 'api-path-removed-before-sunset', level: 'breaking', description: 'A deprecated path was removed before its sunset date.', example: "x-sunset: '2030-01-01', removed in 2026" },
    { id: 'api-path-removed-with-deprecation', level: 'info', description: 'A deprecated path was removed after its sunset date (or it had none).', example: "deprecated: true, x-sunset: '2020-01-01', then removed" },
    { id: 'api-path-sunset-parse', level: 'breaking', description: "A removed path's sunset date cannot be read.", example: "x-sunset: 'soon'" },
    { id: 'api-removed-without-deprecation', level: 'breaking', description: 'An operation was removed without being deprecated first.', example: 'get + delete → get' },
    { id: 'api-removed-before-sunset', level: 'breaking', description: 'A deprecated operation was removed before its sunset date.', example: "x-sunset: '2030-01-01', removed in 2026" },
    { id: 'api-removed-with-deprecation', level: 'info', description: 'A deprecated operation was removed after its sunset date (or it had none).', example: "deprecated: true, x-sunset: '2020-01-01', then removed" },
    { id: 'api-path-added', level: 'info', description: 'A path was added.', example: 'paths: {/users} → {/users, /teams}' },
    { id: 'endpoint-added', level: 'info', description: 'An operation was added.', example: 'get → get + post' },
  ],
  judge(f, ctx) {
    const whole = f.data.wholePath === true;
    if (f.kind === 'operation-added') {
      return whole ? { id: 'api-path-added', message: `${label(ctx.operation)} was added (new path).` } : { id: 'endpoint-added', message: `${label(ctx.operation)} was added.` };
    }
    const op = ctx.baseOperation;
    const what = label(op);
    const stem = whole ? 'api-path-removed' : 'api-removed';
    if (!op?.deprecated) {
      return { id: `${stem}-without-deprecation`, message: `${what} was removed without being deprecated first; clients calling it will fail. Deprecate it with an x-sunset date and remove it after that date.` };
    }
    const sunset = parseSunset(op.sunset);
    if (sunset.kind === 'invalid') {
      return { id: whole ? 'api-path-sunset-parse' : 'api-removed-before-sunset', message: `${what} was removed, but its x-sunset '${sunset.raw}' is not a date, so the removal cannot be checked; write it as YYYY-MM-DD.` };
    }
    if (sunset.kind === 'date' && !sunsetPassed(sunset, ctx.now)) {
      return { id: `${stem}-before-sunset`, message: `${what} was removed before its sunset date ${formatDate(sunset.date)}; clients were promised it until then. Keep it until the sunset date.` };
    }
    return { id: `${stem}-with-deprecation`, message: `${what} was removed after deprecation${sunset.kind === 'date' ? ` (sunset ${formatDate(sunset.date)})` : ''}.` };
  },
};
