import type { JobKind } from '../scheduler/job-kind.js';
import type { Monitor } from './monitor.js';

/** The job kind `monitor`: one job, every minute, that ticks the monitor for every applied integration. */
export function monitorJobKind(monitor: Monitor): JobKind {
  return {
    kind: 'monitor',
    jobs: (integrations) => (integrations.length ? [{ id: 'monitor:all', kind: 'monitor', integration: null, schedule: { cron: '* * * * *', timezone: 'UTC', catchUp: 'none' } }] : []),
    async run({ scheduledFor }) {
      const result = await monitor.tick(scheduledFor);
      return { items: result.scores.length };
    },
  };
}
