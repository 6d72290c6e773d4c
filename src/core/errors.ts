import type { Diagnostic } from './diagnostic.js';

/**
 * Thrown only where a stage cannot go on at all (unreadable input, a git revision that does not exist).
 * The CLI maps it to exit 2 and prints its diagnostics; anything else that throws is a bug.
 */
export class FatalError extends Error {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
    this.name = 'FatalError';
  }
}

/** A command line that cannot be acted on: unknown flag value, missing argument. Exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
