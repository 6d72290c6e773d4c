import { Command, CommanderError, Help } from 'commander';
import { commands } from './commands/index.js';
import type { CommandContext } from './context.js';
import { processIO, EXIT, type CliIO } from './io.js';
import { reportError } from './report-error.js';
import { VERSION } from './version.js';

export { VERSION };

/**
 * The commands this invocation names: the first operand, and the one after `help`. Only these are imported;
 * the rest are listed from their descriptors (a name nothing matches stays a stub, and commander reports it).
 */
function named(argv: string[]): Set<string> {
  const operands = argv.filter((a) => !a.startsWith('-'));
  return new Set(operands[0] === 'help' ? operands.slice(0, 2) : operands.slice(0, 1));
}

async function registerCommands(program: Command, ctx: CommandContext, argv: string[]): Promise<void> {
  const wanted = named(argv);
  for (const descriptor of commands) {
    if (wanted.has(descriptor.name)) (await descriptor.load())(program, ctx);
    else program.addCommand(new Command(descriptor.name).description(descriptor.summary));
  }
  // A stub has no options or arguments of its own, so the command list takes its terms from the descriptors.
  const terms = new Map(commands.map((c) => [c.name, c.usage ? `${c.name} ${c.usage}` : c.name]));
  const help = new Help();
  program.configureHelp({ subcommandTerm: (cmd) => (cmd.parent === program ? terms.get(cmd.name()) : undefined) ?? help.subcommandTerm(cmd) });
}

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
  try {
    await registerCommands(program, ctx, argv);
  } catch (error) {
    return reportError(io, error);
  }
  // Every level, not only the first: a nested command (`runtime token create`) left to commander exits 1
  // itself and writes to the process's stderr instead of this invocation's.
  const overrideExits = (cmd: Command): void => {
    for (const sub of cmd.commands) {
      sub.exitOverride().configureOutput(program.configureOutput());
      overrideExits(sub);
    }
  };
  overrideExits(program);
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
