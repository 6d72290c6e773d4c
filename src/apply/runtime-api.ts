import type { ApplyRequest, ApplyResult, Lease, ResourceChange, StateSnapshot } from '../core/runtime-api.js';

/** One change of an apply batch. */
export type RuntimeChange = ResourceChange;

/**
 * The port apply, drift and reconcile are written against: what they need of the runtime's admin API v1.
 * The runtime client (`src/runtime-client/`) satisfies it over HTTP; tests and benchmarks pass an
 * in-memory runtime. Errors carry an RFC 9457 problem document (`problemOf` in core reads it).
 */
export interface RuntimeApi {
  getState(): Promise<StateSnapshot>;
  apply(request: ApplyRequest): Promise<ApplyResult>;
  acquireLease(holder: string, ttlSeconds: number): Promise<Lease>;
  renewLease(token: number, ttlSeconds: number): Promise<Lease>;
  releaseLease(token: number): Promise<void>;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
