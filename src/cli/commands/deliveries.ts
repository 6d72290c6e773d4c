import { Command, Option } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { DeliveryView } from '../../core/delivery-api.js';
import { RuntimeClient } from '../../runtime-client/client.js';
import { runtimeEndpoint } from '../../runtime-client/endpoint.js';
import type { RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { runtimeFailure } from '../runtime-failure.js';

interface Common {
  runtime?: string;
  format: string;
}

const runtimeOption = () => new Option('--runtime <url>', 'runtime URL (default INTERLOCK_RUNTIME_URL, else http://127.0.0.1:7300); token from INTERLOCK_TOKEN');
const formatOption = () => new Option('--format <format>', 'output format').choices(['text', 'json']).default('text');

function row(d: DeliveryView): string {
  const last = d.lastStatus ?? (d.lastError ? 'error' : '-');
  return [d.id, d.integration + (d.variant === 'canary' ? '*' : ''), d.eventType, d.status, String(d.attempts), String(last), d.createdAt].join('  ');
}

/** `interlock deliveries list|replay|stats`: the delivery log, dead-letter replay, and error rates. */
export const registerDeliveries: RegisterCommand = (program, ctx) => {
  const deliveries = new Command('deliveries').description('Outbound webhook deliveries: log, replay, error rates');
  const client = (flags: Common) => new RuntimeClient(runtimeEndpoint(flags, ctx.io.env));

  deliveries
    .command('list')
    .description('The delivery log, newest first (canary deliveries are marked *)')
    .option('--integration <name>', 'only this integration')
    .addOption(new Option('--status <status>', 'only this status').choices(['pending', 'delivered', 'dead']))
    .option('--limit <n>', 'most deliveries to show', '50')
    .addOption(runtimeOption())
    .addOption(formatOption())
    .action(async (flags: Common & { integration?: string; status?: string; limit: string }) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be an integer from 1 to 1000');
      const page = await client(flags).listDeliveries({ integration: flags.integration, status: flags.status, limit }).catch(runtimeFailure);
      if (flags.format === 'json') ctx.io.stdout.write(`${JSON.stringify(page)}\n`);
      else if (!page.deliveries.length) ctx.io.stdout.write('no deliveries\n');
      else ctx.io.stdout.write(`${['ID  INTEGRATION  TYPE  STATUS  ATTEMPTS  LAST  CREATED', ...page.deliveries.map(row)].join('\n')}\n`);
      ctx.exit(EXIT.ok);
    });

  deliveries
    .command('replay')
    .description('Send a delivery again (--id), or every dead-lettered one created since a time (--since)')
    .option('--id <id>', 'one delivery (its webhook-id)')
    .option('--since <date>', 'ISO date-time; replays every dead-lettered delivery created since then')
    .option('--integration <name>', 'with --since: only this integration')
    .addOption(runtimeOption())
    .addOption(formatOption())
    .action(async (flags: Common & { id?: string; since?: string; integration?: string }) => {
      if (!!flags.id === !!flags.since) throw new UsageError('give exactly one of --id or --since');
      if (flags.id && flags.integration) throw new UsageError('--integration goes with --since');
      let result;
      if (flags.id) result = await client(flags).replay(flags.id).catch(runtimeFailure);
      else {
        const since = new Date(flags.since!);
        if (Number.isNaN(since.getTime())) throw new UsageError(`--since is not a date: ${flags.since}`);
        result = await client(flags).replaySince(since, flags.integration).catch(runtimeFailure);
      }
      if (flags.format === 'json') ctx.io.stdout.write(`${JSON.stringify(result)}\n`);
      else ctx.io.stdout.write(`replayed ${result.replayed.length} deliver${result.replayed.length === 1 ? 'y' : 'ies'}${result.replayed.map((d) => `\n  ${d.id}  ${d.integration}`).join('')}\n`);
      ctx.exit(EXIT.ok);
    });

  deliveries
    .command('stats')
    .description('Attempts, failures, error rate and latency of one integration over a window')
    .requiredOption('--integration <name>', 'the integration')
    .option('--window <duration>', 'e.g. 30s, 5m, 1h', '5m')
    .addOption(runtimeOption())
    .addOption(formatOption())
    .action(async (flags: Common & { integration: string; window: string }) => {
      const stats = await client(flags).stats(flags.integration, flags.window).catch(runtimeFailure);
      if (flags.format === 'json') ctx.io.stdout.write(`${JSON.stringify(stats)}\n`);
      else {
        const line = (name: string, s: typeof stats.total) =>
          `${name.padEnd(7)} ${s.attempts} attempts, ${s.failures} failed (${(s.errorRate * 100).toFixed(1)}%), p50 ${s.p50LatencyMs ?? '-'} ms, p99 ${s.p99LatencyMs ?? '-'} ms`;
        const lines = [`${stats.integration} over ${stats.windowSeconds} s`, line('total', stats.total), line('stable', stats.variants.stable), line('canary', stats.variants.canary)];
        for (const e of stats.endpoints) if (e.disabledAt) lines.push(`${e.variant} endpoint disabled at ${e.disabledAt}: ${e.disabledReason}`);
        ctx.io.stdout.write(`${lines.join('\n')}\n`);
      }
      ctx.exit(EXIT.ok);
    });
  program.addCommand(deliveries);
};
