/** Messages between the runtime and a connector's worker. Everything crosses by structured clone. */

/** What a worker is started with: the connector module whose exported `ops` it serves. */
export interface WorkerBoot {
  /** A file URL of an ES module exporting `ops: Record<string, (args) => unknown>`. */
  module: string;
}

export interface CallMessage {
  id: number;
  op: string;
  args: unknown;
}

export type ReplyMessage = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** The first message of a worker: its module loaded (or why not). */
export type ReadyMessage = { ready: true; ops: string[] } | { ready: false; error: string };

/**
 * A worker asking the runtime for something only the runtime holds: a secret, resolved by the runtime's
 * resolver (its Vault token and cache stay in the runtime; the integration's health is kept there).
 */
export interface HostRequest {
  host: number;
  secret: string;
}

export type HostReply = { hostReply: number; ok: true; value: string } | { hostReply: number; ok: false; error: string };

/** What an operation may ask of the runtime. */
export interface ConnectorHost {
  /** The value of a secret reference; rejects with a message naming the reference (never a value). */
  secret(ref: string): Promise<string>;
}

/** The operations a connector module exports; each takes one cloneable argument (and the host). */
export type ConnectorOps = Record<string, (args: never, host: ConnectorHost) => unknown>;
