import { FatalError, UsageError } from '../core/errors.js';
import { renderDiagnosticsText } from '../report/diagnostics-text.js';
import { EXIT, type CliIO } from './io.js';

/**
 * The single place an exception becomes output. User mistakes and environment failures print a plain
 * message (exit 2); anything else is a bug and says so, with the stack only when INTERLOCK_DEBUG is set.
 */
export function reportError(io: CliIO, error: unknown): number {
  if (error instanceof UsageError) {
    io.stderr.write(`interlock: ${error.message}\n`);
    return EXIT.fatal;
  }
  if (error instanceof FatalError) {
    if (error.diagnostics.length) io.stderr.write(renderDiagnosticsText(error.diagnostics));
    else io.stderr.write(`interlock: ${error.message}\n`);
    return EXIT.fatal;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  io.stderr.write(
    `interlock: internal error: ${err.message}\n` +
      'This is a bug in Interlock. Please report it with the command you ran' +
      (io.env.INTERLOCK_DEBUG ? `.\n${err.stack ?? ''}\n` : ' (set INTERLOCK_DEBUG=1 to include a stack trace).\n'),
  );
  return EXIT.fatal;
}
