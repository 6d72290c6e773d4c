import { Command, Option } from 'commander';
import type { CallStatus } from '../../core/actions-api.js';
import { UsageError } from '../../core/errors.js';
import { RuntimeClient } from '../../runtime-client/client.js';
import { runtimeEndpoint } from '../../runtime-client/endpoint.js';
import type { RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { runtimeFailure } from '../runtime-failure.js';
import { alignColumns } from '../text-table.js';

interface Flags {
  runtime?: string;
  format: string;
  integration?: string;
  status?: CallStatus;
  event?: string;
  limit: string;
}

/** `interlock calls list`: the call log of Integrations' actions (vendor operations the runtime called). */
export const registerCalls: RegisterCommand = (program, ctx) => {
  const calls = new Command('calls').description("Vendor operations called by Integrations' actions: the call log");
  calls
    .command('list')
    .description('The call log, newest first: operation, status, attempts, last HTTP status or error, emitted event')
    .option('--integration <name>', 'only this integration')
    .addOption(new Option('--status <status>', 'only this status').choices(['pending', 'succeeded', 'dead']))
    .option('--event <id>', 'only the calls this event caused')
    .option('--limit <n>', 'most calls to show', '50')
    .addOption(new Option('--runtime <url>', 'runtime URL (default INTERLOCK_RUNTIME_URL, else http://127.0.0.1:7300); token from INTERLOCK_TOKEN'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (flags: Flags) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be an integer from 1 to 1000');
      const filter = { limit, ...(flags.integration ? { integration: flags.integration } : {}), ...(flags.status ? { status: flags.status } : {}), ...(flags.event ? { event: flags.event } : {}) };
      const list = await new RuntimeClient(runtimeEndpoint(flags, ctx.io.env)).listActionCalls(filter).catch(runtimeFailure);
      if (flags.format === 'json') ctx.io.stdout.write(`${JSON.stringify({ calls: list })}\n`);
      else if (!list.length) ctx.io.stdout.write('no calls\n');
      else {
        const lines = list.map((c) => [
          c.id,
          c.integration,
          c.operation,
          c.status,
          String(c.attempts),
          c.lastStatus !== null ? String(c.lastStatus) : '-',
          c.emittedEventId ?? '-',
          c.lastError ?? '',
        ]);
        ctx.io.stdout.write(alignColumns([['ID', 'INTEGRATION', 'OPERATION', 'STATUS', 'ATTEMPTS', 'LAST', 'EMITTED', 'ERROR'], ...lines]));
      }
      ctx.exit(EXIT.ok);
    });
  program.addCommand(calls);
};
