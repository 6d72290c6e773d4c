/**
 * How a connector call failed when the connector itself misbehaved: `threw` leaves its worker running;
 * `timeout` (the worker is terminated), `out-of-memory` (the worker hit its heap cap) and `crashed` (it
 * exited or threw outside any call) end it, and the next call starts a fresh one.
 */
export type IsolationFailure = 'threw' | 'timeout' | 'out-of-memory' | 'crashed';

export class IsolationError extends Error {
  constructor(
    readonly reason: IsolationFailure,
    message: string,
  ) {
    super(message);
    this.name = 'IsolationError';
  }

  /** Whether the worker is gone (and must be restarted). */
  get fatal(): boolean {
    return this.reason !== 'threw';
  }
}
