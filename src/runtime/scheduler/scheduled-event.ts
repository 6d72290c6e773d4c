import { parseSchedule, type ScheduleInput } from '../../core/schedule.js';
import type { DeliveryService } from '../delivery/service.js';
import type { RuntimeLog } from '../log.js';
import type { JobDefinition, JobKind } from './job-kind.js';

/**
 * The built-in job kind `scheduled`: each enabled Integration with a `schedule` publishes the event
 * `<integration>.scheduled` on every tick, so its actions (a sync pull, a digest) and subscribers can
 * react to time the same way they react to any event. A schedule that does not parse (it passed
 * `check`, so only a state applied around the gate) is skipped with a logged error.
 */
export function scheduledEventKind(delivery: DeliveryService, log: RuntimeLog = () => undefined): JobKind {
  return {
    kind: 'scheduled',
    jobs(integrations) {
      const out: JobDefinition[] = [];
      for (const i of integrations) {
        if (i.spec.enabled === false || i.spec.schedule === undefined) continue;
        const parsed = parseSchedule(i.spec.schedule as ScheduleInput);
        if ('value' in parsed) out.push({ id: `scheduled:${i.name}`, kind: 'scheduled', integration: i.name, schedule: parsed.value });
        else log({ level: 'error', msg: `integration ${i.name}: schedule ${parsed.error.message}; it will not run`, integration: i.name });
      }
      return out;
    },
    async run({ job, scheduledFor, trigger, runId }) {
      const outcome = await delivery.accept(
        { type: `${job.integration}.scheduled`, data: { integration: job.integration, scheduledFor: scheduledFor.toISOString(), trigger }, idempotencyKey: `job:${runId}`, source: `job:${job.id}` },
        { actor: 'scheduler', action: 'runJob', target: `Integration/${job.integration}`, data: { job: job.id, runId, trigger } },
      );
      return { items: outcome.deliveries.length };
    },
  };
}
