import { Command, Option } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { JobRun } from '../../core/jobs-api.js';
import { RuntimeClient } from '../../runtime-client/client.js';
import { runtimeEndpoint } from '../../runtime-client/endpoint.js';
import type { RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { runtimeFailure as failure } from '../runtime-failure.js';

interface Common {
  runtime?: string;
  format: string;
}

const runtimeOption = () => new Option('--runtime <url>', 'runtime URL (default INTERLOCK_RUNTIME_URL, else http://127.0.0.1:7300); token from INTERLOCK_TOKEN');
const formatOption = () => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

const runRow = (r: JobRun) => [r.id, r.trigger, r.scheduledFor, r.startedAt, r.finishedAt ?? '-', r.outcome, r.items ?? '-', r.error ?? ''].join('  ').trimEnd();

/** `interlock jobs list|run|history`: the runtime's scheduled jobs. */
export const registerJobs: RegisterCommand = (program, ctx) => {
  const jobs = new Command('jobs').description('Scheduled jobs in the runtime: list, run now, run history');
  const client = (flags: Common) => new RuntimeClient(runtimeEndpoint(flags, ctx.io.env));

  jobs
    .command('list')
    .description('Every scheduled job with its schedule, next tick and last run')
    .addOption(runtimeOption())
    .addOption(formatOption())
    .action(async (flags: Common) => {
      const { jobs: list } = await client(flags).listJobs().catch(failure);
      if (flags.format === 'json') ctx.io.stdout.write(`${JSON.stringify({ jobs: list })}\n`);
      else if (!list.length) ctx.io.stdout.write('no scheduled jobs\n');
      else {
        const rows = list.map((j) => [j.id, `${j.schedule.cron} (${j.schedule.timezone})`, j.nextRunAt ?? 'never', j.lastRun ? `${j.lastRun.outcome} ${j.lastRun.startedAt}` : '-'].join('  '));
        ctx.io.stdout.write(`${['JOB  SCHEDULE  NEXT  LAST', ...rows].join('\n')}\n`);
      }
      ctx.exit(EXIT.ok);
    });

  jobs
    .command('run')
    .description('Run a job now, outside its schedule; exits 1 when the run fails')
    .argument('<job>', 'job id, e.g. scheduled:salesforce-crm-sync (see jobs list)')
    .addOption(runtimeOption())
    .addOption(formatOption())
    .action(async (job: string, flags: Common) => {
      const run = await client(flags).runJob(job).catch(failure);
      if (flags.format === 'json') ctx.io.stdout.write(`${JSON.stringify(run)}\n`);
      else ctx.io.stdout.write(`${run.id}  ${run.outcome}${run.items !== null ? `  ${run.items} items` : ''}${run.error ? `  ${run.error}` : ''}\n`);
      ctx.exit(run.outcome === 'succeeded' ? EXIT.ok : EXIT.findings);
    });

  jobs
    .command('history')
    .description('A job’s runs, newest first: trigger, tick, start, end, outcome, items, error')
    .argument('<job>', 'job id')
    .option('--limit <n>', 'most runs to show', '20')
    .addOption(runtimeOption())
    .addOption(formatOption())
    .action(async (job: string, flags: Common & { limit: string }) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be an integer from 1 to 1000');
      const { runs } = await client(flags).jobHistory(job, limit).catch(failure);
      if (flags.format === 'json') ctx.io.stdout.write(`${JSON.stringify({ runs })}\n`);
      else if (!runs.length) ctx.io.stdout.write(`no runs of ${job} yet\n`);
      else ctx.io.stdout.write(`${['RUN  TRIGGER  TICK  STARTED  FINISHED  OUTCOME  ITEMS  ERROR', ...runs.map(runRow)].join('\n')}\n`);
      ctx.exit(EXIT.ok);
    });
  program.addCommand(jobs);
};
