import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command, Option } from 'commander';
import { connectorTemplates } from '../../init/examples.js';
import { planNewConnector, TODO_MARKER } from '../../init/new-connector.js';
import type { RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { workspaceDir } from '../options.js';
import { printDiagnostics } from '../render.js';

interface ConnectorFlags {
  contract: string;
  uses: string;
  format: string;
  cwd?: string;
}

/** `interlock new connector VENDOR NAME`: an Integration manifest (and a Vendor stub) from the package's templates. */
export const registerNew: RegisterCommand = (program, ctx) => {
  const cmd = new Command('new').description('Start a new resource from a template');
  cmd
    .command('connector')
    .description('Write an Integration manifest (and a vendor stub if the vendor is new) with the fields to fill marked TODO(interlock)')
    .argument('<vendor>', 'vendor name (integrations/<vendor>/)')
    .argument('<name>', 'connector name (metadata.name of the Integration)')
    .requiredOption('--contract <name>', 'the Contract it uses (metadata.name)')
    .requiredOption('--uses <ops>', 'operations it uses, comma-separated (operationIds, or operation documents for GraphQL)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--cwd <dir>', 'workspace directory (default: the workspace the current directory is in)')
    .action(async (vendor: string, name: string, flags: ConnectorFlags) => {
      const dir = workspaceDir(ctx.io, flags);
      const plan = await planNewConnector({
        dir,
        vendor,
        name,
        contract: flags.contract,
        uses: flags.uses.split(',').map((s) => s.trim()).filter(Boolean),
        templates: connectorTemplates(),
        schemaDir: existsSync(path.join(dir, 'schemas', 'integration.schema.json')) ? 'schemas' : 'node_modules/interlock/schemas',
      });
      if (plan.diagnostics.length) {
        printDiagnostics(ctx.io, flags.format, plan.diagnostics);
        ctx.exit(EXIT.fatal);
        return;
      }
      for (const file of plan.create) {
        const target = path.join(dir, file.path);
        await mkdir(path.dirname(target), { recursive: true });
        // 'wx': never overwrite, even a file that appeared since the plan was made.
        await writeFile(target, file.text, { flag: 'wx' });
      }
      const created = plan.create.map((f) => f.path);
      if (flags.format === 'json') ctx.io.stdout.write(`${JSON.stringify({ created, todo: plan.todo, fields: plan.fields, marker: TODO_MARKER })}\n`);
      else {
        ctx.io.stdout.write(
          [
            ...created.map((f) => `created ${f}`),
            `${plan.todo} value(s) to fill, each under a ${TODO_MARKER} comment (${plan.fields.length} field(s) to classify); then:`,
            '  npx interlock check      # points at every value still to fill',
            '  npx interlock sandbox    # run it against a mock of the vendor',
            '',
          ].join('\n'),
        );
      }
      ctx.exit(EXIT.ok);
    });
  program.addCommand(cmd);
};
