import { Command, Option } from 'commander';
import { RuntimeClient } from '../../runtime-client/client.js';
import { runtimeEndpoint } from '../../runtime-client/endpoint.js';
import type { RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { runtimeFailure as failure } from '../runtime-failure.js';
import { alignColumns } from '../text-table.js';

interface Flags {
  runtime?: string;
  format: string;
}

/** `interlock streams status`: each applied stream's engine, cursor, published count and last error. */
export const registerStreams: RegisterCommand = (program, ctx) => {
  const streamsCmd = new Command('streams').description('Stream sinks in the runtime: engine, cursor, published count, last error');
  streamsCmd
    .command('status')
    .description('Every applied integration stream: engine, DataContract, cursor, published and rejected events, last error')
    .addOption(new Option('--runtime <url>', 'runtime URL (default INTERLOCK_RUNTIME_URL, else http://127.0.0.1:7300); token from INTERLOCK_TOKEN'))
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (flags: Flags) => {
      const list = await new RuntimeClient(runtimeEndpoint(flags, ctx.io.env)).listStreams().catch(failure);
      if (flags.format === 'json') ctx.io.stdout.write(`${JSON.stringify({ streams: list })}\n`);
      else if (!list.length) ctx.io.stdout.write('no streams\n');
      else {
        const lines = list.map((s) =>
          [
            s.integration,
            s.engine,
            `${s.dataContract}@${s.dataContractVersion ?? '?'}`,
            s.enabled ? 'enabled' : 'disabled',
            s.cursor ? `${s.cursor.acceptedAt} ${s.cursor.eventId}` : '-',
            `${s.published} published`,
            `${s.rejected} rejected`,
            s.failures ? `failing (${s.failures}): ${s.lastError ?? ''}` : s.lastError ? `last error: ${s.lastError}` : 'ok',
          ],
        );
        ctx.io.stdout.write(alignColumns([['INTEGRATION', 'ENGINE', 'DATACONTRACT', 'STATE', 'CURSOR', 'PUBLISHED', 'REJECTED', 'STATUS'], ...lines]));
      }
      ctx.exit(EXIT.ok);
    });
  program.addCommand(streamsCmd);
};
