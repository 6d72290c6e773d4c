import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { FatalError, UsageError } from '../../core/errors.js';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.js';
import type { RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { githubFromEnv } from '../../runtime/config.js';
import { createLogger, pinoLog } from '../../runtime/log.js';
import { logLevel } from '../log-level.js';
import { workspaceDir } from '../options.js';
import { printDiagnostics } from '../render.js';

interface SandboxFlags {
  port?: string;
  workspace?: string;
  seed?: string;
  format: string;
  cwd?: string;
}

/**
 * `interlock sandbox`: the workspace running on this machine against mocks of its vendors, until Ctrl-C.
 * With `--format json` the ready line is one JSON object (tests and scripts read it).
 */
export const registerSandbox: RegisterCommand = (program, ctx) => {
  const cmd = new Command('sandbox')
    .description('Run the workspace on this machine: a throw-away runtime, a mock per integration, everything applied; stops on Ctrl-C')
    .option('--port <n>', 'runtime port on 127.0.0.1 (default 7300; 0 picks a free one)')
    .option('--workspace <dir>', 'workspace to run (default: the workspace the current directory is in)')
    .option('--seed <n>', "seed of the mocks' generated values (default 0)")
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--cwd <dir>', 'same as --workspace');
  cmd.action(async (flags: SandboxFlags) => {
    const port = wholeNumber('--port', flags.port ?? '7300', 65535);
    const seed = wholeNumber('--seed', flags.seed ?? '0', 2 ** 31 - 1);
    const given = flags.workspace ?? flags.cwd;
    if (given !== undefined) {
      const abs = path.resolve(ctx.io.cwd, given);
      if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new UsageError(`--workspace ${given}: no such directory`);
    }
    const dir = workspaceDir(ctx.io, { cwd: given });
    const github = githubFromEnv(ctx.io.env);
    if (typeof github === 'string') throw new UsageError(github);
    const started = await startSandbox({
      workspace: dir,
      port,
      seed,
      ...(github ? { github } : {}),
      // Warnings and errors only by default: a JSON line per request buried the table and the try-it
      // lines at a terminal. INTERLOCK_LOG_LEVEL=info shows every request, as `runtime start` does.
      log: pinoLog(createLogger({ destination: { write: (line: string) => void ctx.io.stderr.write(line) }, level: logLevel(ctx.io.env, 'warn') })),
      onError: (e) => ctx.io.stderr.write(`interlock sandbox: ${e instanceof Error ? e.message : String(e)}\n`),
    }).catch((error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new FatalError(`port ${port} on 127.0.0.1 is already in use; pick another with --port (0 picks a free one)`);
      if (code === 'EACCES') throw new FatalError(`cannot listen on 127.0.0.1:${port}: ${(error as Error).message}`);
      throw error;
    });
    if (!started.sandbox) {
      printDiagnostics(ctx.io, flags.format, started.diagnostics, started.sourceText);
      ctx.exit(EXIT.findings);
      return;
    }
    const sandbox = started.sandbox;
    // Listen before saying ready: whoever reads the ready line may stop the sandbox at once, and a signal
    // arriving between the two would kill it without cleaning up.
    const signal = new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    });
    ctx.io.stdout.write(flags.format === 'json' ? `${JSON.stringify(readyJson(dir, sandbox))}\n` : readyText(dir, sandbox));
    const stoppedBy = await signal;
    await sandbox.close();
    if (flags.format === 'json') ctx.io.stdout.write(`${JSON.stringify({ stopped: stoppedBy, removed: sandbox.dataDir })}\n`);
    else ctx.io.stdout.write(`interlock sandbox: ${stoppedBy}, stopped the mocks and the runtime, removed ${sandbox.dataDir}\n`);
    ctx.exit(EXIT.ok);
  });
  program.addCommand(cmd);
};

function wholeNumber(name: string, value: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > max) throw new UsageError(`${name} must be a whole number from 0 to ${max}, got '${value}'`);
  return n;
}

function readyJson(dir: string, s: RunningSandbox): Record<string, unknown> {
  return { ready: true, workspace: dir, environment: 'sandbox', runtime: s.runtime, dataDir: s.dataDir, vault: s.vault, revision: s.revision, integrations: s.integrations, staleRemoved: s.staleRemoved };
}

function readyText(dir: string, s: RunningSandbox): string {
  const rows = [['integration', 'contract', 'mock', 'events delivered to'], ...s.integrations.map((i) => [i.name, i.contract, i.mock, i.delivery ?? '-'])];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const table = rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n');
  return [
    `interlock sandbox: ${dir} applied as environment sandbox (revision ${s.revision}); every integration talks to its mock, secrets are made up`,
    '',
    table,
    '',
    `runtime  ${s.runtime.url}`,
    `token    ${s.runtime.token}   (role ${s.runtime.role}; valid only in this sandbox)`,
    '',
    `  export INTERLOCK_RUNTIME_URL=${s.runtime.url} INTERLOCK_TOKEN=${s.runtime.token}`,
    ...tryIt(s),
    '',
    `Ctrl-C stops the mocks and the runtime and removes ${s.dataDir}.`,
    ...(s.staleRemoved.length ? [`Removed ${s.staleRemoved.length} folder(s) left by sandboxes whose process is gone: ${s.staleRemoved.join(', ')}`] : []),
    '',
  ].join('\n');
}

/** An event the first delivering integration subscribes to, and where to see it arrive. */
function tryIt(s: RunningSandbox): string[] {
  const target = s.integrations.find((i) => i.delivery && i.subscribe.length);
  if (!target) return [];
  const type = target.subscribe[0].replace(/\*/g, 'example');
  return [`  npx interlock events send --type ${type} --data '{"id":"demo-1"}'`, `  curl -s ${target.mock}/__interlock/requests     # what ${target.name} received`];
}
