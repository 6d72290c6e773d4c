import path from 'node:path';
import { Option, type Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { findWorkspaceRoot, workspaceRootAt, WORKSPACE_MARKER } from '../load/workspace-root.js';
import type { CliIO } from './io.js';

export type Format = 'text' | 'json' | 'markdown' | 'sarif' | 'github';

/** `--format` with the formats a command supports, and `--cwd`. */
export function withCommonOptions(cmd: Command, formats: readonly Format[] = ['text', 'json']): Command {
  return cmd
    .addOption(new Option('--format <format>', 'output format').choices([...formats]).default('text'))
    .option('--cwd <dir>', 'workspace directory (default: the workspace the current directory is in)');
}

/**
 * The workspace root a command works on: `--cwd` (or the current directory) when it is a workspace root
 * itself, else the root found above it. Outside any workspace this is a usage error (exit 2), never an
 * empty workspace that "passes".
 */
export function workspaceDir(io: CliIO, opts: { cwd?: string }): string {
  const start = path.resolve(io.cwd, opts.cwd ?? '.');
  const root = workspaceRootAt(start) ?? findWorkspaceRoot(start);
  if (!root) {
    throw new UsageError(
      `no Interlock workspace found in ${start} or any folder above it (looked for ${WORKSPACE_MARKER}, integrations/ or contracts/); run \`interlock init\` or pass --cwd`,
    );
  }
  return root.dir;
}
