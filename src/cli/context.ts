import type { Command } from 'commander';
import type { CliIO } from './io.js';

/** Handed to each command module: the outside world and a way to set the process exit code. */
export interface CommandContext {
  io: CliIO;
  exit(code: number): void;
}

/** Each file in `src/cli/commands/` exports one of these; `commands/index.ts` lists them explicitly (lazily). */
export type RegisterCommand = (program: Command, ctx: CommandContext) => void;

/** A command as `interlock --help` lists it, with its implementation imported only on use. */
export interface CommandDescriptor {
  name: string;
  /** Arguments after the name in the command list, e.g. `[options] <base> <head>`. */
  usage?: string;
  summary: string;
  load(): Promise<RegisterCommand>;
}
