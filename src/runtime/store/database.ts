/**
 * The SQL connection the store runs on. Both engines speak PostgreSQL's dialect (the embedded one is
 * PGlite, PostgreSQL compiled to WebAssembly), so every query and migration is written once.
 */
export type Engine = 'embedded' | 'postgres';

export type Row = Record<string, unknown>;

export interface Queryable {
  /** One statement with `$1`-style parameters; arrays bind as PostgreSQL arrays. */
  query<R = Row>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly engine: Engine;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
