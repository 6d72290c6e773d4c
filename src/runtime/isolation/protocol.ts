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

/** The operations a connector module exports; each takes one cloneable argument. */
export type ConnectorOps = Record<string, (args: never) => unknown>;
