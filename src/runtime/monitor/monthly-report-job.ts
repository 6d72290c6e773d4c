import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { previousMonth } from '../../core/monthly-report-api.js';
import { renderMonthlyMarkdown } from '../../report/monthly-summary.js';
import { renderMonthlyHtml } from '../../report/monthly-summary-html.js';
import type { RuntimeLog } from '../log.js';
import type { JobKind } from '../scheduler/job-kind.js';
import type { Store } from '../store/store.js';
import { monthlySummary } from './monthly-summary.js';

/**
 * The job kind `monthly-report`: on the 1st of each month at 06:00 UTC, last month's summary is written to
 * `<dir>/monthly-YYYY-MM.md` and `.html` (a manual run writes the month before its own date). Rewriting a month
 * replaces its files.
 */
export function monthlyReportJobKind(store: Store, dir: string, log?: RuntimeLog): JobKind {
  return {
    kind: 'monthly-report',
    jobs: (integrations) => (integrations.length ? [{ id: 'monthly-report:all', kind: 'monthly-report', integration: null, schedule: { cron: '0 6 1 * *', timezone: 'UTC', catchUp: 'none' } }] : []),
    async run({ scheduledFor }) {
      const month = previousMonth(scheduledFor);
      const summary = await monthlySummary(store, month, scheduledFor);
      await mkdir(dir, { recursive: true });
      const base = path.join(dir, `monthly-${month}`);
      await writeFile(`${base}.md`, renderMonthlyMarkdown(summary));
      await writeFile(`${base}.html`, renderMonthlyHtml(summary));
      log?.({ level: 'info', msg: `monthly summary ${month} written to ${base}.md and .html`, month });
      return { items: summary.integrations.length };
    },
  };
}
