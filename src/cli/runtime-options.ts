import path from 'node:path';
import type { Command } from 'commander';
import { hasErrors } from '../core/diagnostic.js';
import type { ParsedDocument } from '../core/document.js';
import { FatalError, UsageError } from '../core/errors.js';
import { problemOf, type StateSnapshot } from '../core/runtime-api.js';
import { withReadRetry } from '../apply/retry-reads.js';
import type { RuntimeApi } from '../apply/runtime-api.js';
import { readUserFile } from '../load/read-file.js';
import { parseJson } from '../load/json-document.js';
import { DEFAULT_GUARD, type GuardOptions } from '../plan/guard.js';
import { DEFAULT_WORKSPACE_ID } from '../plan/resource.js';
import { RuntimeClient } from '../runtime-client/client.js';
import { DEFAULT_RUNTIME_URL, runtimeEndpoint } from '../runtime-client/endpoint.js';
import { RuntimeUnreachableError } from '../runtime-client/errors.js';
import type { CliIO } from './io.js';

/** Flags of the commands that plan against or apply to a runtime (plan, apply, drift, reconcile). */
export interface RuntimeOptions {
  runtime?: string;
  ca?: string;
  workspaceId?: string;
  allowDeletes?: string;
  cwd?: string;
  format: string;
}

export function withRuntimeOptions(cmd: Command): Command {
  return cmd
    .option('--runtime <url>', `runtime admin API (default: $INTERLOCK_RUNTIME_URL, else ${DEFAULT_RUNTIME_URL})`)
    .option('--ca <file>', 'CA certificate (PEM) of an https runtime (default: $INTERLOCK_RUNTIME_CA; client certificate: $INTERLOCK_RUNTIME_CLIENT_CERT, _KEY)')
    .option('--workspace-id <id>', `owner label of this workspace's resources (default: $INTERLOCK_WORKSPACE_ID, else "${DEFAULT_WORKSPACE_ID}")`);
}

export function withGuardOption(cmd: Command): Command {
  return cmd.option('--allow-deletes <n>', 'allow up to N deletes, whatever the deletion guard says');
}

export function runtimeUrl(io: CliIO, opts: RuntimeOptions): string {
  const url = opts.runtime ?? io.env.INTERLOCK_RUNTIME_URL ?? DEFAULT_RUNTIME_URL;
  if (!/^https?:\/\//.test(url)) throw new UsageError(`--runtime must be an http(s) URL, got '${url}'`);
  return url;
}

/** The runtime client with the bearer token of INTERLOCK_TOKEN. */
export function runtimeClient(io: CliIO, opts: RuntimeOptions): RuntimeClient {
  return new RuntimeClient({ ...runtimeEndpoint(opts, io.env), url: runtimeUrl(io, opts) });
}

/** The admin API as apply's port, its idempotent reads retried. */
export function runtimeApi(io: CliIO, opts: RuntimeOptions): RuntimeApi {
  return withReadRetry(runtimeClient(io, opts));
}

export async function fetchState(api: RuntimeApi): Promise<StateSnapshot> {
  try {
    return await api.getState();
  } catch (error) {
    throw runtimeFatal(error, 'reading the runtime state');
  }
}

/** Runtime failures where none is expected become plain fatal messages (exit 2); anything else is passed on. */
export function runtimeFatal(error: unknown, doing: string): unknown {
  if (error instanceof RuntimeUnreachableError) {
    // Over https most failures are not a stopped runtime but a certificate the other side refused; say which.
    const hint = error.url.startsWith('https:')
      ? 'check its CA (--ca or INTERLOCK_RUNTIME_CA) and, for mutual TLS, INTERLOCK_RUNTIME_CLIENT_CERT and _KEY'
      : 'start it with `interlock runtime start` or pass --runtime URL';
    return new FatalError(`Cannot reach the runtime at ${error.url} while ${doing} (${unreachableReason(error)}); ${hint}`);
  }
  const problem = problemOf(error);
  if (!problem) return error;
  const hint =
    problem.status === 401
      ? ' (set INTERLOCK_TOKEN to a token from `interlock runtime token create --role operator`)'
      : problem.type.endsWith('/insufficient-scope')
        ? ' (the token’s scopes do not cover this: `interlock runtime token list` shows each token’s scopes, docs/runtime/scopes.md what each covers)'
        : problem.status === 403
          ? ' (the token’s role may not do this: `interlock runtime token list` shows each token’s role, the workspace’s policies/access.csv what each role may do)'
          : '';
  return new FatalError(`The runtime refused ${doing}: ${problem.title} (${problem.status})${problem.detail ? `: ${problem.detail}` : ''}${hint}`);
}

/** The socket, TLS or file error under a failed request (fetch wraps it in a `cause`; node:https does not). */
function unreachableReason(error: RuntimeUnreachableError): string {
  let cause: unknown = error.cause;
  while (cause instanceof Error && cause.cause instanceof Error) cause = cause.cause;
  const text = cause instanceof Error ? cause.message : String(cause);
  // OpenSSL's messages carry its error stack ("…:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:…"); the reason is enough.
  return /SSL routines:[^:]*:([^:]+)/.exec(text)?.[1] ?? text.split('\n')[0];
}

export function workspaceId(io: CliIO, opts: RuntimeOptions): string {
  return opts.workspaceId ?? io.env.INTERLOCK_WORKSPACE_ID ?? DEFAULT_WORKSPACE_ID;
}

export function guardOptions(opts: RuntimeOptions): GuardOptions {
  if (opts.allowDeletes === undefined) return DEFAULT_GUARD;
  const n = Number(opts.allowDeletes);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--allow-deletes needs a whole number, got '${opts.allowDeletes}'`);
  return { ...DEFAULT_GUARD, allowDeletes: n };
}

/** A JSON file named on the command line (plan or state); unreadable or malformed is fatal (exit 2). */
export async function readJsonFile(file: string, what: string): Promise<ParsedDocument> {
  const text = readUserFile(file, file);
  const parsed = parseJson(path.basename(file), text);
  if (!parsed.document || hasErrors(parsed.diagnostics)) throw new FatalError(`${what} ${file} is not valid JSON`, parsed.diagnostics);
  return parsed.document;
}
