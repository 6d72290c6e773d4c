import { Command, Option } from 'commander';
import { FatalError, UsageError } from '../../core/errors.js';
import { loadAccessControl } from '../../runtime/access/enforcer.js';
import { loadRuntimeConfig } from '../../runtime/config.js';
import { loadDeliveryOptions } from '../../runtime/delivery/config.js';
import { startRuntime } from '../../runtime/start.js';
import type { CommandContext, RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { openCliStore, storeFailure } from '../open-store.js';

interface StartFlags {
  port?: string;
  host?: string;
  data?: string;
  databaseUrl?: string;
  workspace?: string;
  maxBodyBytes?: string;
  bus?: string;
}

/** `interlock runtime start` and `interlock runtime token create`. */
export const registerRuntime: RegisterCommand = (program, ctx) => {
  const runtime = new Command('runtime').description('Run the integration runtime and manage its access tokens');

  runtime
    .command('start')
    .description('Serve the admin API on the embedded store (default) or PostgreSQL')
    .option('--port <n>', 'port to listen on (default 7300; 0 picks a free one)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--data <dir>', 'embedded store directory (default .interlock/runtime)')
    .option('--database-url <url>', 'use PostgreSQL instead of the embedded store')
    .option('--workspace <dir>', 'workspace whose policies/access.conf and access.csv authorise calls (default: the current directory)')
    .option('--max-body-bytes <n>', 'largest request body accepted')
    .option('--bus <url>', 'deliver events through NATS JetStream (nats://HOST:PORT) instead of the store queue')
    .action(async (flags: StartFlags) => {
      const { config, error } = loadRuntimeConfig(flags, ctx.io.env, ctx.io.cwd);
      if (!config) throw new UsageError(error ?? 'invalid runtime configuration');
      const delivery = loadDeliveryOptions({ bus: flags.bus }, ctx.io.env, config.workspace);
      if (!delivery.options) throw new UsageError(delivery.error ?? 'invalid delivery configuration');
      const running = await startRuntime({
        ...config,
        delivery: delivery.options,
        log: (entry) => ctx.io.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`),
        onError: (e) => ctx.io.stderr.write(`interlock runtime: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`) }).catch(
        (e: unknown) => {
          throw storeFailure(e, config.databaseUrl ? 'the PostgreSQL database' : config.dataDir);
        },
      );
      // The last resort: every request is answered inside the pipeline, so anything reaching here is a
      // bug in a background task; log it and keep serving rather than drop every caller at once.
      const lastResort = (e: unknown) => ctx.io.stderr.write(`interlock runtime: unhandled error (still serving): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.on('uncaughtException', lastResort);
      process.on('unhandledRejection', lastResort);
      const where = running.store.engine === 'postgres' ? 'PostgreSQL' : `embedded store ${config.dataDir}`;
      ctx.io.stdout.write(`interlock runtime listening on ${running.url} (${where})\n`);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGTERM', () => resolve('SIGTERM'));
        process.once('SIGINT', () => resolve('SIGINT'));
      });
      ctx.io.stdout.write(`interlock runtime: ${signal}, shutting down\n`);
      await running.close();
      process.off('uncaughtException', lastResort);
      process.off('unhandledRejection', lastResort);
      ctx.exit(EXIT.ok);
    });

  const token = new Command('token').description('Bearer tokens for the admin API');
  token
    .command('create')
    .description('Create a bearer token scoped to a role and print it (only its hash is stored)')
    .requiredOption('--role <role>', 'role from policies/access.csv: admin, operator, auditor, privacy, …')
    .option('--label <text>', 'what the token is for')
    .option('--data <dir>', 'embedded store directory (default .interlock/runtime)')
    .option('--database-url <url>', 'PostgreSQL store')
    .option('--workspace <dir>', 'workspace with policies/access.csv (default: the current directory)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (flags: { role: string; label?: string; data?: string; databaseUrl?: string; workspace?: string; format: string }) => {
      const { config, error } = loadRuntimeConfig(flags, ctx.io.env, ctx.io.cwd);
      if (!config) throw new UsageError(error ?? 'invalid runtime configuration');
      const access = await loadAccessControl(config.workspace);
      if (!access.roles().includes(flags.role)) {
        throw new UsageError(`unknown role ${JSON.stringify(flags.role)}; roles in ${access.source}: ${access.roles().join(', ')}`);
      }
      const store = await openCliStore(ctx, config);
      try {
        const created = await store.createToken(flags.role, new Date(), flags.label);
        ctx.io.stdout.write(flags.format === 'json' ? `${JSON.stringify(created)}\n` : `${created.token}\n`);
      } finally {
        await store.close();
      }
      ctx.exit(EXIT.ok);
    });
  runtime.addCommand(token);
  program.addCommand(runtime);
};

/** Opens the store a command names (`--database-url` or `--data`), mapping environment failures to exit 2. */
