import { FatalError } from '../core/errors.js';
import { RuntimeApiError, RuntimeUnreachableError } from '../runtime-client/errors.js';

/** Runtime API failures are fatal for a CLI call (exit 2) with the problem's detail, never a stack trace. */
export function runtimeFailure(error: unknown): never {
  if (error instanceof RuntimeApiError) throw new FatalError(`the runtime refused: ${error.problem.detail ?? error.problem.title} (${error.status} ${error.slug})`);
  if (error instanceof RuntimeUnreachableError) throw new FatalError(error.message);
  throw error;
}
