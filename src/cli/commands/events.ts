import { Command, Option } from 'commander';
import { FatalError, UsageError } from '../../core/errors.js';
import { RuntimeClient } from '../../runtime-client/client.js';
import { runtimeEndpoint } from '../../runtime-client/endpoint.js';
import type { RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { runtimeFailure } from '../runtime-failure.js';

interface SendFlags {
  type: string;
  data: string;
  idempotencyKey?: string;
  runtime?: string;
  format: string;
}

/** `interlock events send`: hands one event to the runtime, which routes it to every subscribed integration. */
export const registerEvents: RegisterCommand = (program, ctx) => {
  const events = new Command('events').description('Send events to the runtime');
  events
    .command('send')
    .description('Send one event; prints the event id and one delivery per subscribed integration')
    .requiredOption('--type <type>', 'event type, e.g. incident.created')
    .requiredOption('--data <json>', 'event data as JSON')
    .option('--idempotency-key <key>', 'the same key again returns the first event instead of a new one')
    .option('--runtime <url>', 'runtime URL (default INTERLOCK_RUNTIME_URL, else http://127.0.0.1:7300); token from INTERLOCK_TOKEN')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (flags: SendFlags) => {
      let data: unknown;
      try {
        data = JSON.parse(flags.data);
      } catch (error) {
        throw new UsageError(`--data is not valid JSON: ${(error as Error).message}`);
      }
      const client = new RuntimeClient(runtimeEndpoint(flags, ctx.io.env));
      const outcome = await client.sendEvent({ type: flags.type, data, ...(flags.idempotencyKey ? { idempotencyKey: flags.idempotencyKey } : {}) }).catch(runtimeFailure);
      if (flags.format === 'json') ctx.io.stdout.write(`${JSON.stringify(outcome)}\n`);
      else {
        const lines = [`event ${outcome.eventId}${outcome.duplicate ? ' (duplicate of an earlier send; nothing new stored)' : ''}`];
        if (!outcome.deliveries.length) lines.push('no integration subscribes to this type');
        for (const d of outcome.deliveries) lines.push(`  → ${d.integration}${d.variant === 'canary' ? ' (canary)' : ''}  ${d.id}`);
        ctx.io.stdout.write(`${lines.join('\n')}\n`);
      }
      ctx.exit(EXIT.ok);
    });
  program.addCommand(events);
};
