import { UsageError } from '../core/errors.js';
import type { LogLevel } from '../runtime/log.js';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** `INTERLOCK_LOG_LEVEL` (debug, info, warn, error; default `fallback`) for the runtime's log lines on stderr. */
export function logLevel(env: Record<string, string | undefined>, fallback: LogLevel = 'info'): LogLevel {
  const given = env.INTERLOCK_LOG_LEVEL;
  if (given === undefined || given === '') return fallback;
  if ((LEVELS as readonly string[]).includes(given)) return given as LogLevel;
  throw new UsageError(`INTERLOCK_LOG_LEVEL must be one of ${LEVELS.join(', ')}, got '${given}'`);
}
