/** One structured runtime log line (the CLI writes them to stderr as JSON). Never carries a secret value. */
export interface LogEntry {
  level: 'info' | 'warn' | 'error';
  msg: string;
  [field: string]: unknown;
}

export type RuntimeLog = (entry: LogEntry) => void;
