import { pino, type DestinationStream, type Logger } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One structured runtime log line. Never carries a secret value (and `REDACT_PATHS` censors the usual suspects). */
export interface LogEntry {
  level: LogLevel;
  msg: string;
  [field: string]: unknown;
}

/** How runtime services write log lines; backed by pino in a running runtime, a plain array in tests. */
export type RuntimeLog = (entry: LogEntry) => void;

/**
 * Fields censored wherever they appear at the top level or one object down: a bug that passes a header
 * bag, a resolved credential or a token into a log line must not put it on disk.
 */
export const REDACT_PATHS = [
  'authorization',
  'cookie',
  'token',
  'secret',
  'password',
  'apiKey',
  'clientSecret',
  'privateKey',
  '*.authorization',
  '*.cookie',
  '*.token',
  '*.secret',
  '*.password',
  '*.apiKey',
  '*.clientSecret',
  '*.privateKey',
  'headers["x-api-key"]',
];

export interface LoggerOptions {
  /** Where JSON lines go (default: stderr). */
  destination?: DestinationStream;
  /** Lowest level written (default `info`). */
  level?: LogLevel;
}

/** The runtime's pino logger: one JSON object a line, ISO time, level names, secrets redacted. */
export function createLogger(opts: LoggerOptions = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      base: { service: 'interlock-runtime' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    opts.destination ?? pino.destination(2),
  );
}

/** A `RuntimeLog` writing through a pino logger. */
export function pinoLog(logger: Logger): RuntimeLog {
  return ({ level, msg, ...fields }) => logger[level](fields, msg);
}
