import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import { processIO, EXIT, type CliIO } from './io.js';
import { reportError } from './report-error.js';
import { VERSION } from './version.js';

export { VERSION };


/** Runs one CLI invocation and returns the exit code; the binary sets process.exitCode from it. */
export async function run(argv: string[], io: CliIO = processIO()): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('interlock')
    .description('Declarative GitOps for third-party integrations: validate, gate, generate, plan, apply, run.')
    .version(VERSION)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  const ctx = { io, exit: (c: number) => void (code = c) };
  for (const register of commands) register(program, ctx);
  for (const sub of program.commands) sub.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; every other parse failure is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.fatal;
    }
    return reportError(io, error);
  }
  return code;
}
