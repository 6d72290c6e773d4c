import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import type { Diagnostic } from '../../core/diagnostic.js';
import { closestMatches } from '../../core/suggest.js';
import { FatalError, UsageError } from '../../core/errors.js';
import { DEFAULT_MAX_FILE_BYTES } from '../../load/file-source.js';
import { parseFaults, prepareMockContract, startMock, type Faults } from '../../mock/index.js';
import { contractSourcePath } from '../../validate/model.js';
import type { RegisterCommand } from '../context.js';
import { EXIT } from '../io.js';
import { listenHost } from '../listen-host.js';
import { loadModel } from '../../engine/load-workspace.js';
import { workspaceDir } from '../options.js';

interface MockFlags {
  port?: string;
  host?: string;
  allowRemote?: boolean;
  seed?: string;
  record?: string;
  latency?: string;
  errorRate?: string;
  status?: string[];
  publishSpec?: string;
  cwd?: string;
}

/** `interlock mock CONTRACT`: serve one contract of the workspace (by name or file) as a validating mock. */
export const registerMock: RegisterCommand = (program, ctx) => {
  const cmd = new Command('mock')
    .description('Serve a contract (workspace contract name or OpenAPI/GraphQL file) as a validating mock on loopback')
    .argument('<contract>', 'contract name (metadata.name of a Contract) or path to an OpenAPI or GraphQL file')
    .option('--port <n>', 'port to listen on (default 4010; 0 picks a free one)')
    .option('--host <host>', 'loopback address to listen on (default 127.0.0.1)')
    .option('--allow-remote', 'let --host be a non-loopback address (the mock is then reachable from other machines)')
    .option('--seed <n>', 'seed for generated values and error-rate draws (default 0)')
    .option('--record <file>', 'append every request to FILE as NDJSON')
    .option('--latency <ms>', 'delay every contract response by MS milliseconds')
    .option('--error-rate <r>', 'answer this share (0–1) of contract requests with 500')
    .option('--status <op=code...>', 'answer operation OP with status CODE (repeatable)')
    .option('--publish-spec <file>', 'serve this file at /__interlock/spec instead of the contract (a vendor that changed its spec)')
    .option('--cwd <dir>', 'workspace directory (default: the workspace the current directory is in)');
  cmd.action(async (arg: string, flags: MockFlags) => {
    const cwd = path.resolve(ctx.io.cwd, flags.cwd ?? '.');
    const port = intFlag('--port', flags.port ?? '4010', 0, 65535);
    const host = listenHost(flags.host, flags.allowRemote);
    const seed = intFlag('--seed', flags.seed ?? '0', 0, 2 ** 31 - 1);
    const faults = faultFlags(flags);
    // A contract name is looked up in the workspace the folder is in (from a subfolder too); a file is read as given.
    const { file, text } = await resolveContract(cwd, arg, () => workspaceDir(ctx.io, flags));
    const prepared = prepareMockContract(file, text, seed);
    if (!prepared.value) throw new FatalError(`${file} cannot be served: it does not parse`, uniqueErrors(prepared.diagnostics));
    const published = flags.publishSpec ? readText(path.resolve(cwd, flags.publishSpec), flags.publishSpec) : undefined;
    const record = flags.record ? path.resolve(cwd, flags.record) : undefined;
    if (record) writeFileSync(record, '', { flag: 'a' });
    const mock = await startMock(prepared.value, { port, host, seed, record, faults, publishedSpec: published }).catch((error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new FatalError(`port ${port} on ${host} is already in use; pick another with --port (0 picks a free one)`);
      if (code === 'EACCES' || code === 'EADDRNOTAVAIL') throw new FatalError(`cannot listen on ${host}:${port}: ${(error as Error).message}`);
      throw error;
    });
    const ops = prepared.value.format === 'openapi' ? new Set(prepared.value.routes.map((r) => r.id)).size : undefined;
    // Listen before saying so: whoever reads the line may stop the mock at once.
    const stopped = new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'));
      process.once('SIGINT', () => resolve('SIGINT'));
    });
    ctx.io.stdout.write(`interlock mock serving ${file}${ops !== undefined ? ` (${ops} operations)` : ' (GraphQL)'} on ${mock.url}\n`);
    ctx.io.stdout.write(`  requests: ${mock.url}/__interlock/requests   faults: ${mock.url}/__interlock/faults   spec: ${mock.url}/__interlock/spec\n`);
    const signal = await stopped;
    ctx.io.stdout.write(`interlock mock: ${signal}, shutting down\n`);
    await mock.close();
    ctx.exit(EXIT.ok);
  });
  program.addCommand(cmd);
};

function intFlag(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, got '${value}'`);
  return n;
}

function faultFlags(flags: MockFlags): Faults {
  const raw: Record<string, unknown> = {};
  if (flags.latency !== undefined) raw.latencyMs = Number(flags.latency);
  if (flags.errorRate !== undefined) raw.errorRate = Number(flags.errorRate);
  if (flags.status?.length) {
    const status: Record<string, number> = {};
    for (const s of flags.status) {
      const m = /^([^=]+)=(\d{3})$/.exec(s);
      if (!m) throw new UsageError(`--status must be OPERATION=CODE (e.g. createIncident=503), got '${s}'`);
      status[m[1]] = Number(m[2]);
    }
    raw.status = status;
  }
  const parsed = parseFaults(raw);
  if (!parsed.faults) throw new UsageError(parsed.error ?? 'invalid fault options');
  return parsed.faults;
}

function readText(abs: string, shown: string): string {
  let size: number;
  try {
    size = statSync(abs).size;
  } catch (error) {
    throw new FatalError(`cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (size > DEFAULT_MAX_FILE_BYTES) throw new FatalError(`${shown} is ${(size / 1048576).toFixed(1)} MiB, over the ${(DEFAULT_MAX_FILE_BYTES / 1048576).toFixed(0)} MiB limit`);
  const text = readFileSync(abs, 'utf8');
  if (text.includes('\0')) throw new FatalError(`${shown} contains binary data; expected an OpenAPI or GraphQL text file`);
  return text;
}

/** A path to an existing file is served as is; anything else names a Contract of the workspace. */
async function resolveContract(cwd: string, arg: string, workspace: () => string): Promise<{ file: string; text: string }> {
  const abs = path.resolve(cwd, arg);
  if (existsSync(abs) && statSync(abs).isFile()) {
    const shown = path.relative(cwd, abs).split(path.sep).join('/') || arg;
    return { file: shown, text: readText(abs, shown) };
  }
  if (/[/\\]|\.(ya?ml|json|graphql|gql)$/i.test(arg)) throw new FatalError(`${arg}: no such file`);
  const root = workspace();
  const { model } = await loadModel(root);
  const contract = model.contracts.get(arg);
  if (!contract) {
    const near = closestMatches(arg, model.contracts.keys());
    const known = [...model.contracts.keys()].sort();
    throw new UsageError(`unknown contract '${arg}'${near.length ? `; did you mean ${near.map((n) => `'${n}'`).join(' or ')}?` : ''}${known.length ? ` (contracts: ${known.join(', ')})` : ' (the workspace has no contracts)'}`);
  }
  const source = contractSourcePath(contract);
  return { file: source, text: readText(path.join(root, source), source) };
}

function uniqueErrors(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.location?.file}:${d.location?.line}:${d.location?.column}:${d.code}:${d.message}`;
    if (d.severity !== 'error' || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
