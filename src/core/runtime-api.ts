/**
 * The wire vocabulary of the runtime's admin API v1 (contracts/interlock/runtime-admin.openapi.yaml),
 * shared by the side that calls it (apply, drift, reconcile) and the side that serves it (runtime).
 */

export type Labels = Record<string, string>;

export type ChangeAction = 'create' | 'update' | 'delete';

/** One change of an apply batch. */
export interface ResourceChange {
  action: ChangeAction;
  kind: string;
  name: string;
  spec?: Record<string, unknown>;
  labels?: Labels;
  protect?: boolean;
}

/** `POST /v1/apply`: all changes or none, against the expected revision, under the lease's fencing token. */
export interface ApplyRequest {
  expectedRevision: number;
  leaseToken?: number;
  commit?: string;
  author?: string;
  changes: ResourceChange[];
}

/** A granted lease. */
export interface Lease {
  /** Monotonic fencing token: every acquisition gets a larger one. */
  token: number;
  holder: string;
  expiresAt: string;
}

/** An RFC 9457 problem document. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}
