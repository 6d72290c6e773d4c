/**
 * The SQL connection the store runs on. Both engines speak PostgreSQL's dialect (the embedded one is
 * PGlite, PostgreSQL compiled to WebAssembly), so every query and migration is written once.
 */
export type Engine = 'embedded' | 'postgres';

export type Row = Record<string, unknown>;

import { PLAINTEXT, type PayloadCipher } from './payload-cipher.js';

export interface QueryOptions {
  name?: string;
}

export interface Queryable {
  /**
   * One statement with `$1`-style parameters; arrays bind as PostgreSQL arrays. With `name` the statement is
   * prepared once per connection under that name and only bound and run after (statements run per batch
   * on hot paths); a name always stands for the same SQL text.
   */
  query<R = Row>(sql: string, params?: unknown[], options?: QueryOptions): Promise<R[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Seals and opens payload columns (event data, delivery bodies, call requests): the connection carries it,
   * like a type parser, so every query on it or its transactions reads and writes them the same way.
   * Absent: plaintext (see `payloadsOf`).
   */
  readonly payloads?: PayloadCipher;
}

export interface Database extends Queryable {
  readonly engine: Engine;
  /** Set once, when the store is opened with keys. */
  payloads?: PayloadCipher;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The cipher of a connection or transaction; plaintext when it has none. */
export function payloadsOf(q: Queryable): PayloadCipher {
  return q.payloads ?? PLAINTEXT;
}
