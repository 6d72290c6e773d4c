import { Command, Option } from 'commander';
import { UsageError } from '../../core/errors.js';
import { RuntimeClient } from '../../runtime-client/client.js';
import { runtimeEndpoint } from '../../runtime-client/endpoint.js';
import type { ExportRunView } from '../../core/exports-api.js';
import { parseWindow } from '../../runtime/exports/window.js';
import type { RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { runtimeFailure as failure } from '../runtime-failure.js';

interface Common {
  runtime?: string;
  format: string;
}

const runtimeOption = () => new Option('--runtime <url>', 'runtime URL (default INTERLOCK_RUNTIME_URL, else http://127.0.0.1:7300); token from INTERLOCK_TOKEN');
const formatOption = () => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

function runLine(r: ExportRunView): string {
  return [r.id, r.integration, `${r.window.start}/${r.window.end}`, `#${r.attempt}`, r.status, `${r.rows} rows`, `${r.files.length} files`, r.error ?? ''].join('  ').trimEnd();
}

/** `interlock exports list|run|history`: the exports the runtime holds, run a window now, and run history. */
export const registerExports: RegisterCommand = (program, ctx) => {
  const exportsCmd = new Command('exports').description('Scheduled exports to S3 or a folder: list, run a window, history');
  const client = (flags: Common) => new RuntimeClient(runtimeEndpoint(flags, ctx.io.env));

  exportsCmd
    .command('list')
    .description('Every applied integration export with its schedule, format, destination and last run')
    .addOption(runtimeOption())
    .addOption(formatOption())
    .action(async (flags: Common) => {
      const list = await client(flags).listExports().catch(failure);
      if (flags.format === 'json') ctx.io.stdout.write(`${JSON.stringify({ exports: list })}\n`);
      else if (!list.length) ctx.io.stdout.write('no exports\n');
      else {
        const lines = list.map((e) =>
          [
            e.integration,
            `${e.dataContract}@${e.dataContractVersion ?? '?'}`,
            e.schedule === null ? '-' : typeof e.schedule === 'string' ? e.schedule : `${e.schedule.cron}${e.schedule.timezone ? ` ${e.schedule.timezone}` : ''}`,
            `${e.format}+${e.compression}${e.encryption ? '+pgp' : ''}`,
            e.destination,
            e.lastRun ? `${e.lastRun.status} ${e.lastRun.window.start}` : 'never run',
          ].join('  '),
        );
        ctx.io.stdout.write(`${['INTEGRATION  DATACONTRACT  SCHEDULE  FORMAT  DESTINATION  LAST RUN', ...lines].join('\n')}\n`);
      }
      ctx.exit(EXIT.ok);
    });

  exportsCmd
    .command('run')
    .description('Export one window now; running a window again replaces its files')
    .argument('<integration>', 'the integration whose export to run')
    .option('--window <window>', 'a UTC day (2026-12-03), hour (2026-12-03T14) or interval (start/end); default: the last whole period')
    .option('--retry', 'retry a failed attempt after the runtime’s delays, resuming its finished parts')
    .addOption(runtimeOption())
    .addOption(formatOption())
    .action(async (integration: string, flags: Common & { window?: string; retry?: boolean }) => {
      if (flags.window !== undefined && !parseWindow(flags.window)) throw new UsageError(`--window must be a UTC day (2026-12-03), hour (2026-12-03T14) or interval (start/end), got ${flags.window}`);
      const run = await client(flags)
        .runExport(integration, { ...(flags.window ? { window: flags.window } : {}), ...(flags.retry ? { retry: true } : {}) })
        .catch(failure);
      if (flags.format === 'json') ctx.io.stdout.write(`${JSON.stringify(run)}\n`);
      else {
        const files = run.files.map((f) => `  ${f.key}  ${f.rows} rows  ${f.bytes} bytes  sha256:${f.sha256}`);
        ctx.io.stdout.write(`${[runLine(run), ...files].join('\n')}\n`);
      }
      ctx.exit(run.status === 'succeeded' ? EXIT.ok : EXIT.findings);
    });

  exportsCmd
    .command('history')
    .description('Export runs, newest first (each retry is its own attempt)')
    .option('--integration <name>', 'only this integration')
    .option('--limit <n>', 'most runs to show', '20')
    .addOption(runtimeOption())
    .addOption(formatOption())
    .action(async (flags: Common & { integration?: string; limit: string }) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be an integer from 1 to 1000');
      const runs = await client(flags).exportRuns({ limit, ...(flags.integration ? { integration: flags.integration } : {}) }).catch(failure);
      if (flags.format === 'json') ctx.io.stdout.write(`${JSON.stringify({ runs })}\n`);
      else if (!runs.length) ctx.io.stdout.write('no export runs\n');
      else ctx.io.stdout.write(`${runs.map(runLine).join('\n')}\n`);
      ctx.exit(EXIT.ok);
    });

  program.addCommand(exportsCmd);
};
