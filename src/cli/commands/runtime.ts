import { Command, Option } from 'commander';
import { FatalError, UsageError } from '../../core/errors.js';
import { loadRuntimeConfig } from '../../runtime/config.js';
import { loadDeliveryOptions } from '../../runtime/delivery/config.js';
import { startRuntime } from '../../runtime/start.js';
import { TlsMaterialError } from '../../runtime/tls.js';
import type { CommandContext, RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { createLogger, pinoLog } from '../../runtime/log.js';
import { logLevel } from '../log-level.js';
import { storeFailure } from '../open-store.js';
import { renderTokens } from '../render-tokens.js';
import { assertStoreExists, expiryFlag, openTokenAdmin, parseDuration, scopesFlag, tenantFlag, type TokenAdmin, type TokenAdminFlags } from '../token-admin.js';

interface StartFlags {
  port?: string;
  host?: string;
  data?: string;
  databaseUrl?: string;
  workspace?: string;
  maxBodyBytes?: string;
  bus?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsClientCa?: string;
  kek?: string;
  kekPrevious?: string;
  region?: string;
}

/** `interlock runtime start` and `interlock runtime token create|list|revoke|rotate`. */
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
    .option('--tls-cert <ref>', 'serve HTTPS (TLS 1.2+) with this PEM certificate: env:NAME, file:PATH, vault:PATH#key or a path')
    .option('--tls-key <ref>', 'the certificate’s PEM private key (a reference, as --tls-cert)')
    .option('--tls-client-ca <ref>', 'require client certificates (mutual TLS) that chain to this PEM CA')
    .option('--kek <ref>', 'key-encryption key for payloads at rest (32 bytes, base64 or hex): env:NAME, file:PATH, vault:PATH#key or a path')
    .option('--kek-previous <refs>', 'retired key-encryption keys still needed to read rows not yet re-wrapped (comma-separated references)')
    .option('--region <name>', 'the region this runtime serves: tenants pinned to another region are refused (421)')
    .action(async (flags: StartFlags) => {
      const { config, error } = loadRuntimeConfig(flags, ctx.io.env, ctx.io.cwd);
      if (!config) throw new UsageError(error ?? 'invalid runtime configuration');
      // The embedded store keeps a local key file beside its data; a shared database has no such place, and
      // payloads stored in clear there would break the promise of encryption at rest.
      if (config.databaseUrl && !config.keys)
        throw new UsageError('PostgreSQL stores payloads encrypted at rest: give the key-encryption key with --kek REF or INTERLOCK_RUNTIME_KEK (32 bytes, base64 or hex; env:NAME, file:PATH or vault:PATH#key)');
      const delivery = loadDeliveryOptions({ bus: flags.bus }, ctx.io.env, config.workspace);
      if (!delivery.options) throw new UsageError(delivery.error ?? 'invalid delivery configuration');
      const running = await startRuntime({
        ...config,
        delivery: delivery.options,
        log: pinoLog(createLogger({ destination: { write: (line: string) => void ctx.io.stderr.write(line) }, level: logLevel(ctx.io.env) })),
        onError: (e) => ctx.io.stderr.write(`interlock runtime: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`) }).catch(
        (e: unknown) => {
          if (e instanceof TlsMaterialError) throw new FatalError(`cannot serve HTTPS: ${e.message}`);
          throw storeFailure(e, config.databaseUrl ? 'the PostgreSQL database' : config.dataDir);
        },
      );
      // The last resort: every request is answered inside the pipeline, so anything reaching here is a
      // bug in a background task; log it and keep serving rather than drop every caller at once.
      const lastResort = (e: unknown) => ctx.io.stderr.write(`interlock runtime: unhandled error (still serving): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.on('uncaughtException', lastResort);
      process.on('unhandledRejection', lastResort);
      const where = running.store.engine === 'postgres' ? 'PostgreSQL' : `embedded store ${config.dataDir}`;
      // Listen before saying so: a supervisor may stop the runtime as soon as it reads the line.
      const stopped = new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGTERM', () => resolve('SIGTERM'));
        process.once('SIGINT', () => resolve('SIGINT'));
      });
      ctx.io.stdout.write(`interlock runtime listening on ${running.url} (${where})\n`);
      const signal = await stopped;
      ctx.io.stdout.write(`interlock runtime: ${signal}, shutting down\n`);
      await running.close();
      process.off('uncaughtException', lastResort);
      process.off('unhandledRejection', lastResort);
      ctx.exit(EXIT.ok);
    });

  const token = new Command('token').description('Bearer tokens for the admin API (through a running runtime, or on its store)');
  const where = (cmd: Command): Command =>
    cmd
      .option('--runtime <url>', 'act through a running runtime’s admin API (admin token in INTERLOCK_TOKEN; default INTERLOCK_RUNTIME_URL)')
      .option('--ca <file>', 'CA certificate (PEM) of an https runtime (default: $INTERLOCK_RUNTIME_CA)')
      .option('--data <dir>', 'embedded store directory (default .interlock/runtime)')
      .option('--database-url <url>', 'PostgreSQL store')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'));
  const withAdmin = async <T>(flags: TokenAdminFlags, fn: (admin: TokenAdmin) => Promise<T>): Promise<T> => {
    const admin = await openTokenAdmin(ctx.io, flags);
    try {
      return await fn(admin);
    } finally {
      await admin.close();
    }
  };
  where(
    token
      .command('create')
      .description('Create a bearer token scoped to a role and print it once (only its hash is stored)')
      .requiredOption('--role <role>', 'role from policies/access.csv: admin, operator, auditor, privacy, …')
      .option('--tenant <id>', 'the tenant the token belongs to (a lowercase slug; default: a platform operator token)')
      .option('--scope <scope>', 'narrow the role to a scope (repeat, or comma-separate): evidence:write, integrations:<name>:read, … (docs/runtime/scopes.md)', (v: string, all: string[]) => [...all, v], [] as string[])
      .option('--label <text>', 'what the token is for')
      .option('--expires-in <duration>', 'lifetime: 30d, 12h, 2w, …')
      .option('--expires-at <date>', 'expiry: 2027-01-31 or 2027-01-31T12:00:00Z')
      .option('--workspace <dir>', 'workspace with policies/access.csv (default: the current directory)'),
  ).action(async (flags: TokenAdminFlags & { role: string; tenant?: string; scope: string[]; label?: string; expiresIn?: string; expiresAt?: string; format: string }) => {
    const tenant = tenantFlag(flags.tenant);
    const scopes = scopesFlag(flags.scope);
    const expiresAt = expiryFlag(flags, new Date());
    const created = await withAdmin(flags, (admin) => admin.create(flags.role, { tenant, scopes, label: flags.label, expiresAt }));
    ctx.io.stdout.write(flags.format === 'json' ? `${JSON.stringify(created)}\n` : `${created.token}\n`);
    ctx.exit(EXIT.ok);
  });
  where(token.command('list').description('Every token: id, role, label, created, expires, last used, state (never a secret)')).action(
    async (flags: TokenAdminFlags & { format: string }) => {
      assertStoreExists(ctx.io, flags);
      const tokens = await withAdmin(flags, (admin) => admin.list());
      ctx.io.stdout.write(flags.format === 'json' ? `${JSON.stringify({ tokens })}\n` : renderTokens(tokens, new Date()));
      ctx.exit(EXIT.ok);
    },
  );
  where(token.command('revoke').description('Revoke a token at once').argument('<id>', 'token id (from token list)')).action(
    async (id: string, flags: TokenAdminFlags & { format: string }) => {
      assertStoreExists(ctx.io, flags);
      const revoked = await withAdmin(flags, (admin) => admin.revoke(id));
      ctx.io.stdout.write(flags.format === 'json' ? `${JSON.stringify(revoked)}\n` : `revoked ${revoked.id} (${revoked.role})\n`);
      ctx.exit(EXIT.ok);
    },
  );
  where(
    token
      .command('rotate')
      .description('Issue a new secret for the token’s role and print it; the old one is revoked, or lasts --overlap')
      .argument('<id>', 'token id (from token list)')
      .option('--overlap <duration>', 'how long the old token keeps working: 10m, 1h, 7d (default: revoked at once)')
      .option('--expires-in <duration>', 'the new token’s lifetime (default: the old token’s lifetime again)')
      .option('--expires-at <date>', 'the new token’s expiry'),
  ).action(async (id: string, flags: TokenAdminFlags & { overlap?: string; expiresIn?: string; expiresAt?: string; format: string }) => {
    assertStoreExists(ctx.io, flags);
    const overlapMs = flags.overlap === undefined ? 0 : parseDuration(flags.overlap);
    if (overlapMs === null || overlapMs > 30 * 86_400_000) throw new UsageError(`--overlap needs a duration up to 30d such as 10m, 1h or 7d, got '${flags.overlap}'`);
    const expiresAt = expiryFlag(flags, new Date());
    const created = await withAdmin(flags, (admin) => admin.rotate(id, { overlapSeconds: Math.floor(overlapMs / 1000), expiresAt }));
    ctx.io.stdout.write(flags.format === 'json' ? `${JSON.stringify(created)}\n` : `${created.token}\n`);
    ctx.exit(EXIT.ok);
  });
  runtime.addCommand(token);
  program.addCommand(runtime);
};

/** Opens the store a command names (`--database-url` or `--data`), mapping environment failures to exit 2. */
