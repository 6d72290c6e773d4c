import type { Diagnostic } from '../core/diagnostic.js';
import { diagnosticAt } from '../core/document.js';
import type { Integration } from '../core/resources.js';
import { parseSchedule } from '../core/schedule.js';

/** `spec.schedule` must parse with the scheduler's cron library: a located error with croner's reason otherwise. */
export function checkSchedule(integration: Integration, pointer = '/spec/schedule'): Diagnostic[] {
  const schedule = pointer === '/spec/export/schedule' ? integration.manifest.spec.export?.schedule : integration.manifest.spec.schedule;
  if (schedule === undefined) return [];
  const parsed = parseSchedule(schedule);
  if ('value' in parsed) return [];
  return [
    diagnosticAt(integration.doc, `${pointer}${parsed.error.pointer}`, {
      severity: 'error',
      code: 'invalid-schedule',
      message: `schedule ${parsed.error.message}`,
      data: { schedule: typeof schedule === 'string' ? schedule : schedule.cron },
    }),
  ];
}
