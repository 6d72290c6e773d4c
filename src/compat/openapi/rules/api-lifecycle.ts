import { formatDate, parseSunset, sunsetPassed } from '../lifecycle.js';
import type { Rule } from './rule.js';

/** Operations and paths added or removed; removal is allowed once the base's sunset date has passed. */
export const apiLifecycle: Rule = {
  name: 'api-lifecycle',
  kinds: ['operation-removed', 'operation-added'],
  checks: [
    { id: 'api-path-removed-without-deprecation', level: 'breaking', messages: { removed: '{endpoint} was removed without being deprecated first; clients calling it will fail.' }, description: 'A path was removed without being deprecated first.', example: 'paths: {/users, /legacy} → {/users}' },
    { id: 'api-path-removed-before-sunset', level: 'breaking', messages: { early: '{endpoint} was removed before its sunset date {sunset}; clients were promised it until then.' }, description: 'A deprecated path was removed before its sunset date.', example: "x-sunset: '2030-01-01', removed in 2026" },
    { id: 'api-path-removed-with-deprecation', level: 'info', messages: { removed: '{endpoint} was removed after deprecation.', 'after-sunset': '{endpoint} was removed after deprecation (sunset {sunset}).' }, description: 'A deprecated path was removed after its sunset date (or it had none).', example: "deprecated: true, x-sunset: '2020-01-01', then removed" },
    { id: 'api-path-sunset-parse', level: 'breaking', messages: { unreadable: "{endpoint} has an x-sunset that is not a date ('{sunset}').", 'removed-unreadable': "{endpoint} was removed, but its x-sunset '{sunset}' is not a date, so the removal cannot be checked." }, description: "A removed path's sunset date cannot be read.", example: "x-sunset: 'soon'" },
    { id: 'api-removed-without-deprecation', level: 'breaking', messages: { removed: '{endpoint} was removed without being deprecated first; clients calling it will fail.' }, description: 'An operation was removed without being deprecated first.', example: 'get + delete → get' },
    { id: 'api-removed-before-sunset', level: 'breaking', messages: { early: '{endpoint} was removed before its sunset date {sunset}; clients were promised it until then.', 'removed-unreadable': "{endpoint} was removed, but its x-sunset '{sunset}' is not a date, so the removal cannot be checked." }, description: 'A deprecated operation was removed before its sunset date.', example: "x-sunset: '2030-01-01', removed in 2026" },
    { id: 'api-removed-with-deprecation', level: 'info', messages: { removed: '{endpoint} was removed after deprecation.', 'after-sunset': '{endpoint} was removed after deprecation (sunset {sunset}).' }, description: 'A deprecated operation was removed after its sunset date (or it had none).', example: "deprecated: true, x-sunset: '2020-01-01', then removed" },
    { id: 'api-path-added', level: 'info', messages: { added: '{endpoint} was added (new path).' }, description: 'A path was added.', example: 'paths: {/users} → {/users, /teams}' },
    { id: 'endpoint-added', level: 'info', messages: { added: '{endpoint} was added.' }, description: 'An operation was added.', example: 'get → get + post' },
  ],
  judge(f, ctx) {
    const whole = f.data.wholePath === true;
    if (f.kind === 'operation-added') return { id: whole ? 'api-path-added' : 'endpoint-added', messageId: 'added' };
    const op = ctx.baseOperation;
    const stem = whole ? 'api-path-removed' : 'api-removed';
    if (!op?.deprecated) return { id: `${stem}-without-deprecation`, messageId: 'removed' };
    const sunset = parseSunset(op.sunset);
    if (sunset.kind === 'invalid') return { id: whole ? 'api-path-sunset-parse' : 'api-removed-before-sunset', messageId: 'removed-unreadable', data: { sunset: sunset.raw } };
    if (sunset.kind === 'date' && !sunsetPassed(sunset, ctx.now)) return { id: `${stem}-before-sunset`, messageId: 'early', data: { sunset: formatDate(sunset.date) } };
    return sunset.kind === 'date' ? { id: `${stem}-with-deprecation`, messageId: 'after-sunset', data: { sunset: formatDate(sunset.date) } } : { id: `${stem}-with-deprecation`, messageId: 'removed' };
  },
};
