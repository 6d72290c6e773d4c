import path from 'node:path';
import { Option, type Command } from 'commander';
import type { CliIO } from './io.js';

export type Format = 'text' | 'json' | 'markdown' | 'sarif' | 'github';

/** `--format` with the formats a command supports, and `--cwd`. */
export function withCommonOptions(cmd: Command, formats: readonly Format[] = ['text', 'json']): Command {
  return cmd
    .addOption(new Option('--format <format>', 'output format').choices([...formats]).default('text'))
    .option('--cwd <dir>', 'workspace directory (default: the current directory)');
}

export function workspaceDir(io: CliIO, opts: { cwd?: string }): string {
  return path.resolve(io.cwd, opts.cwd ?? '.');
}
