import type { JobKind } from '../../scheduler/job-kind.js';
import type { VendorSpecWatcher } from './vendor-spec-watcher.js';

/**
 * The job kind `vendor-spec`: one job, hourly, that checks every watched contract's published description
 * (vendors publish rarely; a change is a pull request, not a page).
 */
export function vendorSpecJobKind(watcher: VendorSpecWatcher): JobKind {
  return {
    kind: 'vendor-spec',
    jobs: (integrations) => (integrations.length ? [{ id: 'vendor-spec:all', kind: 'vendor-spec', integration: null, schedule: { cron: '17 * * * *', timezone: 'UTC', catchUp: 'none' } }] : []),
    async run({ scheduledFor }) {
      const checks = await watcher.check(scheduledFor);
      return { items: checks.length };
    },
  };
}
