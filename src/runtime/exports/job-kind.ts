import { parseSchedule } from '../../core/schedule.js';
import type { IntegrationSpec } from '../../core/resources.js';
import type { RuntimeLog } from '../log.js';
import type { JobDefinition, JobKind } from '../scheduler/job-kind.js';
import type { ExportService } from './service.js';
import { previousWindow } from './window.js';
import type { Queryable } from '../store/database.js';
import { integrationTenants } from '../store/tenants.js';
import { withTenant } from '../store/tenant-scope.js';

/**
 * The job kind `export`: each enabled Integration with an `export` and a schedule (`export.schedule`, else
 * `spec.schedule`) runs its export on every tick, for the whole period before the tick, retrying a failed
 * attempt (resuming its finished parts). A run that still fails is recorded failed in both histories.
 */
export function exportJobKind(exports: ExportService, db: Queryable, log: RuntimeLog = () => undefined): JobKind {
  return {
    kind: 'export',
    jobs(integrations) {
      const out: JobDefinition[] = [];
      for (const i of integrations) {
        const spec = i.spec as IntegrationSpec;
        const schedule = spec.export?.schedule ?? spec.schedule;
        if (spec.enabled === false || !spec.export || schedule === undefined) continue;
        const parsed = parseSchedule(schedule);
        if ('value' in parsed) out.push({ id: `export:${i.name}`, kind: 'export', integration: i.name, schedule: parsed.value });
        else log({ level: 'error', msg: `integration ${i.name}: export schedule ${parsed.error.message}; it will not run`, integration: i.name });
      }
      return out;
    },
    async run({ job, scheduledFor }) {
      const integration = job.integration!;
      let items = 0;
      // Once per tenant that applied this name, in its scope: the spec, the events read and the run
      // recorded are that tenant's alone (row-level security), never a mix of tenants' events.
      for (const tenant of await integrationTenants(db, integration)) {
        items += await withTenant(tenant, async () => {
          const spec = await exports.job(integration);
          const window = previousWindow(spec?.spec.window ?? 'day', scheduledFor);
          const run = await exports.run(integration, window, 'schedule', { retry: true });
          if (run.status !== 'succeeded') throw new Error(`export ${run.id} of ${window.start.toISOString()}/${window.end.toISOString()} failed: ${run.error ?? 'unknown error'}`);
          return run.rows;
        });
      }
      return { items };
    },
  };
}
